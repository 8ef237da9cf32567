/**
 * Delivery of converted media under signed paths:
 * `/v2/media/{id}/{token}/master.m3u8` and everything it references.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { AppContext } from '../context.ts';
import { ApiError, notFound } from '../errors.ts';
import { mediaId } from './serialize.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.ts': 'video/mp2t',
  '.vtt': 'text/vtt; charset=utf-8',
  '.jpg': 'image/jpeg',
};

/** Segments and images never change once written; playlists may be rewritten by a new conversion. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT_LIVED = 'public, max-age=60';

type MediaRequest = FastifyRequest<{ Params: { id: string; token: string; '*': string } }>;

export function registerMediaRoutes(server: FastifyInstance, ctx: AppContext): void {
  server.get('/v2/media/:id/:token/*', async (request: MediaRequest, reply) => {
    const id = mediaId(request.params.id);
    const check = ctx.signer.verify(id, request.params.token);
    if (!check.ok) {
      throw check.reason === 'expired'
        ? new ApiError(
            'expired',
            'This media URL has expired: get a fresh one from GET /v2/embed/{id}.',
          )
        : new ApiError(
            'forbidden',
            'This media URL has an invalid signature: get one from GET /v2/embed/{id}.',
          );
    }
    const relative = decodeURIComponent(request.params['*']);
    const type = CONTENT_TYPES[extname(relative)];
    const path =
      type && !relative.includes('\0') ? ctx.files.resolveOutput(id, relative) : undefined;
    const upload = ctx.uploads.get(id);
    if (!type || !path || !upload || upload.status !== 'ready')
      throw notFound('media file', `${id}/${relative}`);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw notFound('media file', `${id}/${relative}`);
    reply
      .type(type)
      .header('cache-control', relative.endsWith('.m3u8') ? SHORT_LIVED : IMMUTABLE)
      .header('accept-ranges', 'bytes')
      .header('last-modified', info.mtime.toUTCString());
    return sendFile(request, reply, path, info.size);
  });
}

/** Sends the file, or the single byte range that the request asks for. */
function sendFile(request: FastifyRequest, reply: FastifyReply, path: string, size: number) {
  const header = request.headers.range;
  if (!header) {
    reply.header('content-length', size);
    return reply.send(request.method === 'HEAD' ? '' : createReadStream(path));
  }
  const range = parseRange(header, size);
  if (!range) {
    reply.header('content-range', `bytes */${size}`);
    throw new ApiError(
      'range_not_satisfiable',
      `Range "${header}" is not satisfiable: the file has ${size} bytes.`,
      {},
      { 'content-range': `bytes */${size}` },
    );
  }
  reply
    .code(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
    .header('content-length', range.end - range.start + 1);
  return reply.send(request.method === 'HEAD' ? '' : createReadStream(path, range));
}

/** Parses one `bytes=` range; returns undefined when it cannot be satisfied. */
export function parseRange(
  header: string,
  size: number,
): { start: number; end: number } | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '') || size === 0) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) return undefined;
  return { start, end };
}
