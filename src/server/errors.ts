/**
 * The one factory of API errors. Every non-2xx response body is made here:
 * an RFC 9457 problem document that also carries `code` and `message`.
 */
import { API_ERRORS, type ApiErrorBody, type ApiErrorCode } from '../api/errors.ts';

/** An error that the API returns to the client as it is. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly extra: Partial<ApiErrorBody>;
  readonly headers: Record<string, string>;

  constructor(
    code: ApiErrorCode,
    message: string,
    extra: Partial<ApiErrorBody> = {},
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = API_ERRORS[code].status;
    this.extra = extra;
    this.headers = headers;
  }

  /** Returns the JSON body of the response. */
  toBody(instance?: string): ApiErrorBody {
    return problem(this.code, this.message, this.extra, instance);
  }
}

/** Builds the body of an error response for `code`. */
export function problem(
  code: ApiErrorCode,
  message: string,
  extra: Partial<ApiErrorBody> = {},
  instance?: string,
): ApiErrorBody {
  const { status, title } = API_ERRORS[code];
  return {
    code,
    message,
    // A relative reference to the error's entry on the reference page, as RFC 9457 allows.
    type: `/v2/docs#error-${code}`,
    title,
    status,
    detail: message,
    ...(instance ? { instance } : {}),
    ...extra,
  };
}

/** Shorthand for a 400 naming the request field at fault. */
export function badRequest(field: string, message: string): ApiError {
  return new ApiError('bad_request', message, { field });
}

/** Shorthand for a 404 on an id. */
export function notFound(kind: string, id: string): ApiError {
  return new ApiError(
    'not_found',
    `No ${kind} with id "${id}": check the id and the key's account.`,
  );
}
