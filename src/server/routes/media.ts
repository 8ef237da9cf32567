/**
 * Delivery of converted media under signed paths:
 * `/v2/media/{id}/{token}/master.m3u8` and everything it references.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
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
    // The router has already decoded the path once; decoding again would turn %252e into a dot.
    const relative = request.params['*'];
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

/**
 * Sends the file, or the single byte range that the request asks for. A
 * Range header that is malformed or asks for several ranges is ignored, as
 * RFC 9110 allows, so the whole file is sent.
 */
function sendFile(request: FastifyRequest, reply: FastifyReply, path: string, size: number) {
  const header = request.headers.range;
  const range = header === undefined ? undefined : parseRange(header, size);
  if (range === 'unsatisfiable') {
    throw new ApiError(
      'range_not_satisfiable',
      `Range "${header}" is not satisfiable: the file has ${size} bytes.`,
      {},
      { 'content-range': `bytes */${size}` },
    );
  }
  if (range) {
    reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`);
  }
  const length = range ? range.end - range.start + 1 : size;
  reply.header('content-length', length);
  // A stream keeps Fastify from replacing the Content-Length of a HEAD response with 0.
  if (request.method === 'HEAD') return reply.send(Readable.from([]));
  return reply.send(createReadStream(path, range));
}

/**
 * Parses a `bytes=` header of one range. Returns undefined when the header
 * is malformed or has several ranges, and `unsatisfiable` when the range
 * starts past the end of the file.
 */
export function parseRange(
  header: string,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    // A suffix range: the last N bytes.
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (match[2] !== '' && Number(match[2]) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}
