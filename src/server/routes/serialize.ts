/** Turns stored records into the API's response bodies. */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmbedResponse, TitleResponse, UploadResponse } from '../../api/types.ts';
import { MEDIA_ID_PATTERN } from '../../api/limits.ts';
import type { AppContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import type { Account } from '../storage/accounts.ts';
import type { Caller } from '../auth/authenticate.ts';
import { mintPageToken } from '../auth/page-tokens.ts';
import type { Upload } from '../storage/uploads.ts';

/** Signed URLs of an upload's media, or nulls when it is not ready. */
export function mediaUrls(ctx: AppContext, request: FastifyRequest, upload: Upload) {
  if (upload.status !== 'ready' || !upload.streamable) {
    return { hls: null, poster: null, thumbnails: null, expiresAt: null };
  }
  const { token, expires } = ctx.signer.sign(upload.id);
  const base = `${ctx.publicOrigin(request)}/v2/media/${upload.id}/${token}`;
  const hasVideo = upload.renditions.some((r) => r.width > 0);
  return {
    hls: `${base}/master.m3u8`,
    poster: hasVideo ? `${base}/poster.jpg` : null,
    thumbnails: hasVideo ? `${base}/storyboard.vtt` : null,
    expiresAt: new Date(expires * 1000).toISOString(),
  };
}

/**
 * Returns the iframe URL of a title. It carries a public credential, since
 * the page calls the API from the browser: the caller's own embed key, or
 * for a secret-key caller a page token that plays only this title.
 */
export function embedUrl(
  ctx: AppContext,
  request: FastifyRequest,
  caller: Caller,
  id: string,
): string {
  const credential =
    caller.publicKey ?? mintPageToken(ctx.signingKeys()[0]!, caller.account.id, id);
  return `${ctx.publicOrigin(request)}/embed/${id}?key=${encodeURIComponent(credential)}`;
}

export function embedBody(
  ctx: AppContext,
  request: FastifyRequest,
  caller: Caller,
  upload: Upload,
): EmbedResponse {
  const urls = mediaUrls(ctx, request, upload);
  const heights = upload.renditions.filter((r) => r.height > 0).map((r) => r.height);
  return {
    id: upload.id,
    embed_url: embedUrl(ctx, request, caller, upload.id),
    status: upload.status,
    qualities: [...new Set(heights)].sort((a, b) => a - b),
    subtitles: upload.subtitles.map((t) => t.language),
    resume: true,
    hls_url: urls.hls,
    expires_at: urls.expiresAt,
    poster: urls.poster,
    thumbnails: urls.thumbnails,
    duration: round(upload.duration, 3),
  };
}

export function titleBody(ctx: AppContext, request: FastifyRequest, upload: Upload): TitleResponse {
  return {
    id: upload.id,
    title: upload.title,
    duration: round(upload.duration, 3),
    poster: mediaUrls(ctx, request, upload).poster,
    size_mb: sizeMb(upload.sizeBytes),
    views: upload.views,
    streamable: upload.streamable,
  };
}

export function uploadBody(
  ctx: AppContext,
  request: FastifyRequest,
  upload: Upload,
  account: Account,
): UploadResponse {
  const urls = mediaUrls(ctx, request, upload);
  return {
    id: upload.id,
    title: upload.title,
    status: upload.status,
    progress: upload.progress,
    streamable: upload.streamable,
    size_mb: sizeMb(upload.sizeBytes),
    duration: round(upload.duration, 3),
    created_at: upload.createdAt,
    views: upload.views,
    earnings: {
      // Six decimals keep fractions of a cent, which add up over many videos.
      amount: round((upload.views / 1000) * account.ratePerMille, 6),
      currency: account.currency,
    },
    ...(upload.status === 'failed' && upload.error ? { error: upload.error } : {}),
    hls_url: urls.hls,
    poster: urls.poster,
  };
}

/** Returns `id` when it has the shape of a media id, or throws a 400 naming it. */
export function mediaId(id: string): string {
  if (!MEDIA_ID_PATTERN.test(id)) {
    throw badRequest('id', `Invalid id "${id.slice(0, 64)}": ids are 6 to 32 letters and digits.`);
  }
  return id;
}

/** Sends `body` with a strong ETag, or 304 when the client already has it. */
export function sendWithEtag(request: FastifyRequest, reply: FastifyReply, body: object) {
  const json = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
  reply.header('etag', etag).header('cache-control', 'private, no-cache');
  const match = request.headers['if-none-match'];
  if (match && match.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
    return reply.code(304).send();
  }
  return reply.type('application/json; charset=utf-8').send(json);
}

function sizeMb(bytes: number): number {
  return round(bytes / 1e6, 1);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
