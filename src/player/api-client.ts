/** Client of the v2 API calls that the player makes. */
import type { ApiErrorCode } from '../api/errors.js';
import type { EmbedResponse } from '../api/types.js';
import { isAbortError, PlayerError, type PlayerErrorCode } from './errors.js';

/** Base URL of the v2 API, used when the element has no `api-base`. */
export const DEFAULT_API_BASE = 'https://api.cloudnextra.one/v2';

/** Time between two polls of a title that is still processing, in milliseconds. */
export const PROCESSING_POLL_MS = 2000;

export interface EmbedRequest {
  apiBase: string;
  /** Public `cnx_embed_` key; secret keys are rejected when sent from a browser. */
  apiKey: string;
  mediaId: string;
  signal?: AbortSignal;
  /** Delay between polls while the title is processing, in milliseconds. */
  pollIntervalMs?: number;
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
  const base = request.apiBase.replace(/\/+$/, '');
  const url = `${base}/embed/${encodeURIComponent(request.mediaId)}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${request.apiKey}`, accept: 'application/json' },
      signal: request.signal,
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new PlayerError('network', `Request to ${url} failed: ${String(error)}`, {
      cause: error,
    });
  }
  if (!response.ok) throw await errorFromResponse(response, url);

  const body: unknown = await response.json().catch(() => undefined);
  if (!isEmbedResponse(body)) {
    throw new PlayerError('embed_failed', `Response of ${url} is not a valid embed response.`);
  }
  return body;
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
async function errorFromResponse(response: Response, url: string): Promise<PlayerError> {
  const body: unknown = await response.json().catch(() => undefined);
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const apiCode = typeof fields.code === 'string' ? (fields.code as ApiErrorCode) : undefined;
  const code =
    (apiCode && CODES_BY_API_CODE[apiCode]) ?? CODES_BY_STATUS[response.status] ?? 'embed_failed';
  const serverMessage = typeof fields.message === 'string' ? fields.message : response.statusText;
  return new PlayerError(code, `GET ${url} returned ${response.status}: ${serverMessage}`, {
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
