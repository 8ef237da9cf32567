/**
 * Error codes of the v2 API with their HTTP statuses. Every error body is
 * an RFC 9457 problem document that also carries `code` and `message`.
 */
export const API_ERRORS = {
  bad_request: {
    status: 400,
    title: 'Bad request',
    meaning: 'A parameter, header or body field is malformed; `field` names it.',
  },
  unauthorized: {
    status: 401,
    title: 'Unauthorized',
    meaning:
      'The API key is missing, invalid, revoked or expired, or a secret key came from a browser.',
  },
  forbidden: {
    status: 403,
    title: 'Forbidden',
    meaning:
      'The key may not do this: an embed key on a secret-only endpoint or from an origin off its list, a media URL with a bad signature, or plain HTTP from another machine.',
  },
  expired: {
    status: 403,
    title: 'Expired',
    meaning: 'A signed media URL has expired; GET /v2/embed/{id} returns fresh ones.',
  },
  not_found: {
    status: 404,
    title: 'Not found',
    meaning: 'No route, title, upload or key with that id.',
  },
  method_not_allowed: {
    status: 405,
    title: 'Method not allowed',
    meaning: 'The path exists but not with this method; `Allow` lists the methods.',
  },
  request_timeout: {
    status: 408,
    title: 'Request timeout',
    meaning:
      'The request headers, or a body that stopped arriving, took longer than the server waits.',
  },
  conflict: {
    status: 409,
    title: 'Conflict',
    meaning:
      'The request clashes with an earlier one, e.g. an Idempotency-Key reused with another body.',
  },
  payload_too_large: {
    status: 413,
    title: 'Payload too large',
    meaning: 'A JSON body is over 1 MiB.',
  },
  uri_too_long: {
    status: 414,
    title: 'URI too long',
    meaning: 'A path segment is longer than any id or media token can be.',
  },
  unsupported_media_type: {
    status: 415,
    title: 'Unsupported media type',
    meaning: 'The body has a Content-Type that this endpoint does not read.',
  },
  range_not_satisfiable: {
    status: 416,
    title: 'Range not satisfiable',
    meaning: 'The Range header points past the end of the file.',
  },
  unprocessable: {
    status: 422,
    title: 'Unprocessable',
    meaning:
      'The upload cannot be taken: `reason` is unsupported_type, file_too_large, quota_exceeded or empty_file.',
  },
  headers_too_large: {
    status: 431,
    title: 'Request header fields too large',
    meaning: 'The request line and headers are over 16 KiB, the limit of Node.js.',
  },
  rate_limited: {
    status: 429,
    title: 'Too many requests',
    meaning: 'Over the plan’s requests a minute; Retry-After says when to try again.',
  },
  internal: {
    status: 500,
    title: 'Internal server error',
    meaning: 'A fault in the server; it is logged.',
  },
  unavailable: {
    status: 503,
    title: 'Service unavailable',
    meaning: 'No source of a catalog title answers now, or the player bundle is not built.',
  },
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
