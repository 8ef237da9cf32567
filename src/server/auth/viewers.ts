/**
 * Viewer identity for resume sync. A site's backend mints a viewer token
 * with its secret key (`POST /v2/viewer-tokens`) so that one person's
 * position follows them across devices. Without one, the player sends an
 * anonymous device id that it keeps in the browser.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import type { SigningKey } from '../signing.ts';

export const VIEWER_TOKEN_HEADER = 'x-cnx-viewer-token';
export const DEVICE_ID_HEADER = 'x-cnx-device-id';

const TOKEN_PREFIX = 'cnx_vt_';
/** Site-side user ids: what a site uses to name its users, without spaces. */
export const VIEWER_ID_PATTERN = /^[A-Za-z0-9_.:@-]{1,128}$/;
const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

interface TokenPayload {
  /** Account the token belongs to. */
  a: string;
  /** The site's own id of the viewer. */
  v: string;
  /** Expiry in seconds since the epoch. */
  e: number;
  k: string;
}

/** Mints a token naming `viewer` of `accountId`, valid for `ttlSeconds`. */
export function mintViewerToken(
  key: SigningKey,
  accountId: string,
  viewer: string,
  ttlSeconds: number,
) {
  const expires = Math.floor(Date.now() / 1000) + ttlSeconds;
  const payload: TokenPayload = { a: accountId, v: viewer, e: expires, k: key.kid };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return { token: `${TOKEN_PREFIX}${body}.${mac(key, body)}`, expires };
}

function mac(key: SigningKey, body: string): string {
  // A label separates these MACs from media URL signatures made with the same key.
  return createHmac('sha256', key.secret).update(`viewer-token|${body}`).digest('base64url');
}

/**
 * Returns the viewer of `request` as stored with resume records
 * (`user:<id>` or `device:<id>`), or undefined when it names none. A token
 * that is malformed, forged, expired or of another account is a 401.
 */
export function viewerOf(
  request: FastifyRequest,
  accountId: string,
  keys: SigningKey[],
): string | undefined {
  const token = header(request, VIEWER_TOKEN_HEADER);
  if (token) return `user:${verifyViewerToken(token, accountId, keys)}`;
  const device = header(request, DEVICE_ID_HEADER);
  if (!device) return undefined;
  if (!DEVICE_ID_PATTERN.test(device)) {
    throw new ApiError(
      'bad_request',
      `Invalid ${DEVICE_ID_HEADER}: send 16 to 64 letters, digits, _ or -.`,
      {
        field: DEVICE_ID_HEADER,
      },
    );
  }
  return `device:${device}`;
}

function verifyViewerToken(token: string, accountId: string, keys: SigningKey[]): string {
  const invalid = (why: string) =>
    new ApiError(
      'unauthorized',
      `Invalid viewer token: ${why}. Mint a new one with POST /v2/viewer-tokens.`,
    );
  const match = /^cnx_vt_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) throw invalid('it is malformed');
  const [, body, given] = match;
  let payload: TokenPayload;
  try {
    payload = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as TokenPayload;
  } catch {
    throw invalid('it is malformed');
  }
  const key = keys.find((k) => k.kid === payload.k);
  if (!key || !timingSafeEqual(Buffer.from(mac(key, body!)), Buffer.from(given!))) {
    throw invalid('its signature does not match');
  }
  if (payload.a !== accountId) throw invalid('it belongs to another account');
  if (payload.e * 1000 <= Date.now()) throw invalid('it has expired');
  return payload.v;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
