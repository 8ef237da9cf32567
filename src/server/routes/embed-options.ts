/** Query parameters of the embed host page, `GET /embed/{id}`, and their validation. */
import { EMBED_KEY_PREFIX, SECRET_KEY_PREFIX } from '../../api/limits.ts';
import { ApiError, badRequest } from '../errors.ts';

/** Player settings of an embed page, taken from its query string. */
export interface EmbedOptions {
  /** Public embed key whose account owns the title and whose allowlist decides framing. */
  key: string;
  /** `true`, or `muted` to fall back to muted autoplay when sound is blocked. */
  autoplay: boolean | 'muted';
  muted: boolean;
  loop: boolean;
  /** Start position in seconds; overrides resume. */
  start: number | null;
  /** Language code of the subtitles to show at start. */
  captions: string | null;
  /** Whether the control bar and the big play button show. */
  controls: boolean;
  /** Origin of the parent page, for parents that send no referrer. */
  origin: string | null;
}

/** Names of the query parameters that the embed page reads; others are ignored. */
export const EMBED_PARAMETERS = [
  'key',
  'autoplay',
  'muted',
  'loop',
  'start',
  'captions',
  'controls',
  'origin',
] as const;

const BOOLEAN_VALUES: Record<string, boolean> = { '1': true, true: true, '0': false, false: false };
const LANGUAGE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const ORIGIN_PATTERN = /^https?:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i;

/**
 * Returns the options of `query`, or throws a 400 naming the first invalid
 * parameter, or a 401 when the key is missing or is a secret key.
 */
export function parseEmbedOptions(query: Record<string, unknown>): EmbedOptions {
  return {
    key: parseKey(single(query, 'key')),
    autoplay: parseAutoplay(single(query, 'autoplay')),
    muted: parseBoolean(query, 'muted', false),
    loop: parseBoolean(query, 'loop', false),
    start: parseStart(single(query, 'start')),
    captions: parseCaptions(single(query, 'captions')),
    controls: parseBoolean(query, 'controls', true),
    origin: parseOrigin(single(query, 'origin')),
  };
}

/** Returns the one value of parameter `name`, undefined when absent; a repeated one is invalid. */
function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw badRequest(name, `Invalid "${name}": give the parameter once.`);
  }
  return value;
}

function parseKey(value: string | undefined): string {
  if (!value) {
    throw new ApiError(
      'unauthorized',
      `Missing "key": add ?key=${EMBED_KEY_PREFIX}… with the site's public embed key.`,
      { field: 'key' },
    );
  }
  if (value.startsWith(SECRET_KEY_PREFIX)) {
    throw new ApiError(
      'unauthorized',
      `A secret key was put in an embed URL: revoke it now, because page URLs are public, ` +
        `and use a ${EMBED_KEY_PREFIX} key.`,
      { field: 'key' },
    );
  }
  if (!value.startsWith(EMBED_KEY_PREFIX)) {
    throw new ApiError(
      'unauthorized',
      `Invalid "key": embed keys start with ${EMBED_KEY_PREFIX}.`,
      {
        field: 'key',
      },
    );
  }
  return value;
}

function parseBoolean(query: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const value = single(query, name);
  if (value === undefined) return fallback;
  // A bare parameter, as in `?muted`, turns the setting on.
  if (value === '') return true;
  const parsed = BOOLEAN_VALUES[value];
  if (parsed === undefined) {
    throw badRequest(name, `Invalid "${name}" ${JSON.stringify(value)}: use 1, 0, true or false.`);
  }
  return parsed;
}

function parseAutoplay(value: string | undefined): boolean | 'muted' {
  if (value === 'muted') return 'muted';
  return parseBoolean({ autoplay: value }, 'autoplay', false);
}

function parseStart(value: string | undefined): number | null {
  if (value === undefined) return null;
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(seconds)) {
    throw badRequest(
      'start',
      `Invalid "start" ${JSON.stringify(value)}: give a position in seconds, e.g. 30 or 12.5.`,
    );
  }
  return seconds;
}

function parseCaptions(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (!LANGUAGE_PATTERN.test(value)) {
    throw badRequest(
      'captions',
      `Invalid "captions" ${JSON.stringify(value.slice(0, 40))}: give a language code, e.g. en.`,
    );
  }
  return value;
}

function parseOrigin(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (!ORIGIN_PATTERN.test(value)) {
    throw badRequest(
      'origin',
      `Invalid "origin" ${JSON.stringify(value.slice(0, 100))}: give the parent page's origin, ` +
        'e.g. https://example.com, with no path.',
    );
  }
  return value.toLowerCase();
}
