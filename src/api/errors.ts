/**
 * Error codes of the v2 API with their HTTP statuses. Every error body is
 * an RFC 9457 problem document that also carries `code` and `message`.
 */
export const API_ERRORS = {
  bad_request: { status: 400, title: 'Bad request' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  expired: { status: 403, title: 'Expired' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  range_not_satisfiable: { status: 416, title: 'Range not satisfiable' },
  unprocessable: { status: 422, title: 'Unprocessable' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const;

/** A machine-readable error code of the v2 API. */
export type ApiErrorCode = keyof typeof API_ERRORS;

/** Why a 422 was returned, in the `reason` field. */
export type UnprocessableReason =
  'unsupported_type' | 'file_too_large' | 'quota_exceeded' | 'empty_file' | 'missing_file';

/** Body of every non-2xx response. */
export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  type: string;
  title: string;
  status: number;
  detail: string;
  reason?: UnprocessableReason;
  /** URL path of the request that failed. */
  instance?: string;
  /** Name of the request field at fault, for 400 responses. */
  field?: string;
}
