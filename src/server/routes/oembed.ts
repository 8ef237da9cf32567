/**
 * `GET /oembed?url=…&format=json`: the oEmbed document (https://oembed.com,
 * type `video`) of an embed URL of this server, so that sites and chat apps
 * can turn a pasted link into the player. oEmbed consumers send no
 * Authorization header, so the public embed key comes inside the URL
 * (`/embed/{id}?key=cnx_embed_…`) or as the `key` parameter. Errors are the
 * API's JSON problem documents.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { ApiError, badRequest } from '../errors.ts';
import type { Media } from './lookup.ts';
import { findMedia } from './lookup.ts';
import { embedCaller } from './embed-page.ts';
import { parseEmbedOptions } from './embed-options.ts';
import { mediaUrls } from './serialize.ts';
import { escapeHtml } from './embed-html.ts';

/** Size of the iframe when the consumer sets no maximum, in CSS pixels. */
const DEFAULT_WIDTH = 640;
/** Width of the posters that the conversion writes at most, in pixels. */
const POSTER_MAX_WIDTH = 1280;

/** Paths of this server that name a title: the embed page and the v2 title and embed URLs. */
const MEDIA_PATH = /^\/(?:embed|v2\/embed|v2\/title)\/([^/]+)$/;

interface OembedQuery {
  url?: unknown;
  format?: unknown;
  key?: unknown;
  maxwidth?: unknown;
  maxheight?: unknown;
}

export function registerOembedRoutes(server: FastifyInstance, ctx: AppContext): void {
  server.get('/oembed', async (request: FastifyRequest<{ Querystring: OembedQuery }>, reply) => {
    const query = request.query;
    if (query.format !== undefined && query.format !== 'json') {
      // NOTE: oEmbed specifies 501 here, which the API's error codes do not have yet.
      throw badRequest('format', `Unsupported "format" ${JSON.stringify(query.format)}: use json.`);
    }
    const target = parseTargetUrl(query.url, ctx.publicOrigin(request));
    const key = typeof query.key === 'string' ? query.key : target.searchParams.get('key');
    // The page's own validation applies, so the document never points at a broken page.
    const options = parseEmbedOptions({
      ...Object.fromEntries(target.searchParams),
      key: key ?? undefined,
    });
    const caller = embedCaller(ctx, options.key);
    const id = MEDIA_PATH.exec(target.pathname)![1]!;
    const media = findMedia(ctx, caller, decodeURIComponent(id));

    target.pathname = `/embed/${mediaIdOf(media)}`;
    target.searchParams.set('key', options.key);
    const size = frameSize(
      media,
      dimension(query.maxwidth, 'maxwidth'),
      dimension(query.maxheight, 'maxheight'),
    );
    const body = {
      version: '1.0',
      type: 'video',
      provider_name: 'CloudNEXTRA',
      provider_url: ctx.publicOrigin(request),
      title: media.kind === 'upload' ? media.upload.title : media.title.title,
      html: iframeHtml(target.toString(), size, media),
      ...size,
      ...thumbnail(ctx, request, media),
    };
    return reply.header('cache-control', 'public, max-age=300').send(body);
  });
}

/** Returns `value` as a URL of this server that names a title, or throws the 400 or 404. */
function parseTargetUrl(value: unknown, publicOrigin: string): URL {
  if (typeof value !== 'string' || value === '') {
    throw badRequest(
      'url',
      'Missing "url": give the embed URL, e.g. /oembed?url=https://…/embed/ID.',
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badRequest(
      'url',
      `Invalid "url" ${JSON.stringify(value.slice(0, 200))}: give an absolute URL.`,
    );
  }
  if (url.origin !== publicOrigin || !MEDIA_PATH.test(url.pathname)) {
    throw new ApiError(
      'not_found',
      `No oEmbed document for ${url.origin}${url.pathname}: give a URL of the form ` +
        `${publicOrigin}/embed/{id}.`,
      { field: 'url' },
    );
  }
  return url;
}

/** Returns the consumer's maximum `name`, or undefined when it sets none. */
function dimension(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(number > 0)) {
    throw badRequest(name, `Invalid "${name}" ${JSON.stringify(value)}: give a positive integer.`);
  }
  return number;
}

function mediaIdOf(media: Media): string {
  return media.kind === 'upload' ? media.upload.id : media.title.id;
}

/** Returns the width over height of the title's largest rendition, 16:9 when it has none. */
function aspectRatio(media: Media): number {
  if (media.kind !== 'upload') return 16 / 9;
  const largest = media.upload.renditions.reduce(
    (best, rendition) => (rendition.height > (best?.height ?? 0) ? rendition : best),
    media.upload.renditions[0],
  );
  return largest && largest.height > 0 ? largest.width / largest.height : 16 / 9;
}

/** Returns the iframe size: the default width, scaled down to fit both maximums. */
function frameSize(media: Media, maxWidth?: number, maxHeight?: number) {
  const ratio = aspectRatio(media);
  let width = Math.min(DEFAULT_WIDTH, maxWidth ?? DEFAULT_WIDTH);
  if (maxHeight !== undefined && width / ratio > maxHeight) width = maxHeight * ratio;
  return { width: Math.round(width), height: Math.round(width / ratio) };
}

function iframeHtml(src: string, size: { width: number; height: number }, media: Media): string {
  const title = media.kind === 'upload' ? media.upload.title : media.title.title;
  return (
    `<iframe src="${escapeHtml(src)}" width="${size.width}" height="${size.height}" ` +
    `title="${escapeHtml(title)}" frameborder="0" ` +
    `allow="autoplay; fullscreen; picture-in-picture; encrypted-media" allowfullscreen></iframe>`
  );
}

/**
 * Returns the thumbnail fields: the poster with its size, and `cache_age`
 * until the signed poster URL expires. Catalog posters have no known size,
 * and oEmbed requires one with a thumbnail, so catalog titles get none.
 */
function thumbnail(ctx: AppContext, request: FastifyRequest, media: Media) {
  if (media.kind !== 'upload') return {};
  const urls = mediaUrls(ctx, request, media.upload);
  if (!urls.poster || !urls.expiresAt) return {};
  // NOTE: the poster is as wide as the source up to 1280 pixels. The largest rendition is used
  // in place of the source, so the size is wrong for sources wider than that rendition.
  const largestWidth = Math.max(...media.upload.renditions.map((rendition) => rendition.width));
  const width = Math.min(POSTER_MAX_WIDTH, largestWidth);
  const cacheAge = Math.max(0, Math.floor((Date.parse(urls.expiresAt) - Date.now()) / 1000));
  return {
    thumbnail_url: urls.poster,
    thumbnail_width: width,
    thumbnail_height: Math.round(width / aspectRatio(media) / 2) * 2,
    cache_age: cacheAge,
  };
}
