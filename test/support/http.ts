/**
 * Raw HTTP uploads for tests that need control over the body: streamed from
 * a generator, sent chunked without a Content-Length, or cut off midway.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { TestServer } from './server.ts';

export interface RawPart {
  name: string;
  /** Present for file parts. */
  filename?: string;
  /** Chunks of the part's content, produced as the body is sent. */
  content: Iterable<Buffer> | AsyncIterable<Buffer>;
}

export interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: any;
  /** Bytes of the request body written when the response headers arrived. */
  bytesSentAtResponse: number;
}

export interface RawUploadOptions {
  key?: string;
  headers?: Record<string, string>;
  /** Declared body length; without it the body is sent chunked. */
  contentLength?: number;
  /** Stops writing and destroys the connection once this many body bytes were sent. */
  abortAfterBytes?: number;
  /** Waits this long after each chunk, so that the server can respond while the body is still being sent. */
  paceMs?: number;
}

/** Returns a part whose content is `bytes` long, made of repeated random 64 KiB blocks. */
export function generatedPart(name: string, filename: string, bytes: number): RawPart {
  return { name, filename, content: repeatedChunks(bytes) };
}

function* repeatedChunks(bytes: number): Generator<Buffer> {
  const block = randomBytes(64 * 1024);
  for (let sent = 0; sent < bytes; sent += block.length) {
    yield block.subarray(0, Math.min(block.length, bytes - sent));
  }
}

const BOUNDARY = 'cnx-test-boundary-7d1f0c';

function partHead(part: RawPart): Buffer {
  const disposition = part.filename
    ? `form-data; name="${part.name}"; filename="${part.filename}"`
    : `form-data; name="${part.name}"`;
  const type = part.filename ? 'Content-Type: application/octet-stream\r\n' : '';
  return Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`);
}

/** Returns the exact length of the multipart body of `parts` whose content sizes are given. */
export function multipartLength(parts: { part: RawPart; size: number }[]): number {
  let total = Buffer.byteLength(`--${BOUNDARY}--\r\n`);
  for (const { part, size } of parts) total += partHead(part).length + size + 2;
  return total;
}

/** Posts `parts` to `/v2/me/uploads`, writing the body as the generators produce it. */
export function rawUpload(
  server: TestServer,
  parts: RawPart[],
  options: RawUploadOptions = {},
): Promise<RawResponse> {
  const url = new URL(`${server.apiBase}/me/uploads`);
  const headers: Record<string, string | number> = {
    authorization: `Bearer ${options.key ?? server.keys.secret}`,
    'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    ...options.headers,
  };
  if (options.contentLength !== undefined) headers['content-length'] = options.contentLength;
  else headers['transfer-encoding'] = 'chunked';

  return new Promise((resolve, reject) => {
    let sent = 0;
    let responded = false;
    const request = httpRequest(url, { method: 'POST', headers });
    request.on('response', (response) => {
      responded = true;
      const bytesSentAtResponse = sent;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Kept as text.
        }
        if (!request.writableEnded) request.destroy();
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body,
          bytesSentAtResponse,
        });
      });
    });
    request.on('error', (error) => {
      if (options.abortAfterBytes !== undefined)
        resolve({ status: 0, headers: {}, body: null, bytesSentAtResponse: sent });
      else reject(error);
    });

    const write = (chunk: Buffer) =>
      new Promise<void>((done) => {
        sent += chunk.length;
        const next = () => setTimeout(done, options.paceMs ?? 0);
        if (request.write(chunk)) next();
        else request.once('drain', next);
      });
    (async () => {
      for (const part of parts) {
        await write(partHead(part));
        for await (const chunk of part.content) {
          if (responded) return;
          if (
            options.abortAfterBytes !== undefined &&
            sent + chunk.length > options.abortAfterBytes
          ) {
            request.destroy();
            return;
          }
          await write(chunk);
        }
        await write(Buffer.from('\r\n'));
      }
      await write(Buffer.from(`--${BOUNDARY}--\r\n`));
      request.end();
    })().catch(reject);
  });
}
