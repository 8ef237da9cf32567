/** Client of the v2 API calls that the player makes. */
import type { ApiErrorCode } from '../api/errors.js';
import {
  DEVICE_ID_HEADER,
  VIEWER_TOKEN_HEADER,
  type EmbedResponse,
  type ResumeRecordBody,
  type ResumeWriteBody,
} from '../api/types.js';
import { isAbortError, PlayerError, type PlayerErrorCode } from './errors.js';

/** Base URL of the v2 API, used when the element has no `api-base`. */
export const DEFAULT_API_BASE = 'https://api.cloudnextra.one/v2';

/** Time between two polls of a title that is still processing, in milliseconds. */
export const PROCESSING_POLL_MS = 2000;

/** Headers that name the viewer to the API: a viewer token or an anonymous device id. */
export type ViewerHeaders = Record<string, string>;

/** Returns the identity headers: the viewer token when there is one, else the device id. */
export function viewerHeaders(viewerToken: string | null, deviceId: string): ViewerHeaders {
  return viewerToken ? { [VIEWER_TOKEN_HEADER]: viewerToken } : { [DEVICE_ID_HEADER]: deviceId };
}

export interface ApiRequest {
  apiBase: string;
  /** Public `cnx_embed_` key; secret keys are rejected when sent from a browser. */
  apiKey: string;
  mediaId: string;
  signal?: AbortSignal;
}

export interface EmbedRequest extends ApiRequest {
  /** Identity headers, so the response carries the viewer's `resume_position`. */
  viewer?: ViewerHeaders;
  /** Delay between polls while the title is processing, in milliseconds. */
  pollIntervalMs?: number;
  /** Receives the server's `Date` header of each response, when the browser exposes it. */
  onServerDate?: (serverDate: ServerDate) => void;
}

/**
 * A server time read from a `Date` header, with the local times between
 * which the request ran. The header has whole seconds only.
 */
export interface ServerDate {
  serverTime: number;
  sentAt: number;
  receivedAt: number;
}

/**
 * Fetches `GET {apiBase}/embed/{mediaId}`, polling while the title is still
 * processing. Rejects with a `PlayerError` whose code follows the API's
 * error code, or with the `AbortError` of `signal`.
 */
export async function fetchEmbed(request: EmbedRequest): Promise<EmbedResponse> {
  for (;;) {
    const embed = await fetchEmbedOnce(request);
    if (embed.status === 'ready' && embed.hls_url) return embed;
    if (embed.status === 'failed') throw new PlayerError('processing_failed');
    await delay(request.pollIntervalMs ?? PROCESSING_POLL_MS, request.signal);
  }
}

async function fetchEmbedOnce(request: EmbedRequest): Promise<EmbedResponse> {
  const url = apiUrl(request, 'embed');
  const sentAt = Date.now();
  const response = await send(url, {
    headers: { ...authorization(request.apiKey), ...request.viewer, accept: 'application/json' },
    signal: request.signal,
  });
  const date = Date.parse(response.headers.get('date') ?? '');
  if (Number.isFinite(date)) {
    request.onServerDate?.({ serverTime: date, sentAt, receivedAt: Date.now() });
  }
  if (!response.ok) throw await errorFromResponse(response, `GET ${url}`, 'embed_failed');

  const body: unknown = await response.json().catch(() => undefined);
  if (!isEmbedResponse(body)) {
    throw new PlayerError('embed_failed', `Response of ${url} is not a valid embed response.`);
  }
  return body;
}

export interface ResumeWriteRequest extends ApiRequest {
  viewer: ViewerHeaders;
  body: ResumeWriteBody;
  /** Lets the request outlive the page, for the last write when the page is hidden. */
  keepalive?: boolean;
}

/** Response of `PUT /v2/resume/{id}`: the stored record and whether this write won. */
export interface ResumeWriteResult {
  record: ResumeRecordBody;
  applied: boolean;
}

/**
 * Writes a position with `PUT {apiBase}/resume/{mediaId}`. Rejects with a
 * `PlayerError` whose `status` is set when the server returned an error status.
 */
export async function putResume(request: ResumeWriteRequest): Promise<ResumeWriteResult> {
  const url = apiUrl(request, 'resume');
  const response = await send(url, {
    method: 'PUT',
    headers: {
      ...authorization(request.apiKey),
      ...request.viewer,
      'content-type': 'application/json',
    },
    body: JSON.stringify(request.body),
    keepalive: request.keepalive ?? false,
    signal: request.signal,
  });
  if (!response.ok) throw await errorFromResponse(response, `PUT ${url}`, 'storage');
  const result: unknown = await response.json().catch(() => undefined);
  if (!isResumeWriteResult(result)) {
    throw new PlayerError('storage', `Response of PUT ${url} is not a valid resume record.`);
  }
  return result;
}

export interface ViewReportRequest extends ApiRequest {
  /** Anonymous id of the viewer; the server counts one view per viewer and hour. */
  viewer: string;
  /** Identity headers; with a viewer token, the server counts the signed-in viewer once across devices. */
  headers?: ViewerHeaders;
}

/** Reports a view with `POST {apiBase}/title/{mediaId}/views`; resolves whether it counted. */
export async function postView(request: ViewReportRequest): Promise<boolean> {
  const url = `${apiUrl(request, 'title')}/views`;
  const response = await send(url, {
    method: 'POST',
    headers: {
      ...authorization(request.apiKey),
      ...request.headers,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ viewer: request.viewer }),
    signal: request.signal,
  });
  if (!response.ok) throw await errorFromResponse(response, `POST ${url}`, 'network');
  const body: unknown = await response.json().catch(() => undefined);
  return (
    typeof body === 'object' && body !== null && (body as { counted?: unknown }).counted === true
  );
}

function apiUrl(request: ApiRequest, resource: 'embed' | 'resume' | 'title'): string {
  const base = request.apiBase.replace(/\/+$/, '');
  return `${base}/${resource}/${encodeURIComponent(request.mediaId)}`;
}

function authorization(apiKey: string): Record<string, string> {
  return { authorization: `Bearer ${apiKey}` };
}

/** Fetches `url`; a failure to reach the server becomes a `network` PlayerError. */
async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (isAbortError(error)) throw error;
    const method = init.method ?? 'GET';
    throw new PlayerError('network', `${method} ${url} failed: ${String(error)}`, {
      cause: error,
    });
  }
}

const CODES_BY_API_CODE: Partial<Record<ApiErrorCode, PlayerErrorCode>> = {
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  expired: 'forbidden',
  not_found: 'not_found',
  rate_limited: 'rate_limited',
};

const CODES_BY_STATUS: Record<number, PlayerErrorCode> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  429: 'rate_limited',
};

/** Converts an error response, with or without a JSON body, to a `PlayerError`. */
async function errorFromResponse(
  response: Response,
  request: string,
  fallback: PlayerErrorCode,
): Promise<PlayerError> {
  const body: unknown = await response.json().catch(() => undefined);
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const apiCode = typeof fields.code === 'string' ? (fields.code as ApiErrorCode) : undefined;
  const code =
    (apiCode && CODES_BY_API_CODE[apiCode]) ?? CODES_BY_STATUS[response.status] ?? fallback;
  const serverMessage = typeof fields.message === 'string' ? fields.message : response.statusText;
  return new PlayerError(code, `${request} returned ${response.status}: ${serverMessage}`, {
    status: response.status,
  });
}

function isEmbedResponse(value: unknown): value is EmbedResponse {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return (
    typeof body.id === 'string' &&
    typeof body.status === 'string' &&
    Array.isArray(body.qualities) &&
    Array.isArray(body.subtitles) &&
    (body.hls_url === null || typeof body.hls_url === 'string')
  );
}

function isResumeWriteResult(value: unknown): value is ResumeWriteResult {
  if (typeof value !== 'object' || value === null) return false;
  const { record, applied } = value as Record<string, unknown>;
  if (typeof applied !== 'boolean' || typeof record !== 'object' || record === null) return false;
  const fields = record as Record<string, unknown>;
  return (
    typeof fields.position === 'number' &&
    typeof fields.duration === 'number' &&
    typeof fields.completed === 'boolean' &&
    typeof fields.updated_at === 'number'
  );
}

/** Waits `ms` milliseconds; rejects with the signal's reason when it aborts. */
function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
  });
}
