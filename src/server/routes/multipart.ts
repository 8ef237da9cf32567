/**
 * Streaming reception of a multipart upload: the file goes to a temporary
 * file as it arrives, so the process never holds it in memory, and every
 * temporary file is removed when anything goes wrong.
 */
import busboy from 'busboy';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MAX_UPLOAD_BYTES } from '../../api/limits.ts';
import { ApiError, badRequest } from '../errors.ts';
import { LANGUAGE_PATTERN } from '../media/captions.ts';
import type { FileStore } from '../storage/files.ts';

/** Largest caption file accepted with an upload. */
const MAX_CAPTION_BYTES = 5 * 1000 * 1000;

export interface ReceivedUpload {
  fields: Map<string, string>;
  file?: { path: string; name: string; size: number };
  /** Caption files by language, from fields named `captions[<language>]`. */
  captions: Map<string, string>;
}

export interface ReceiveOptions {
  files: FileStore;
  /** Bytes the account may still store; the body is cut off once the file passes it. */
  remainingQuota: number;
}

/** Receives the multipart body of `request`; on failure, removes what it wrote and throws. */
export async function receiveUpload(
  request: IncomingMessage,
  options: ReceiveOptions,
): Promise<ReceivedUpload> {
  const received: ReceivedUpload = { fields: new Map(), captions: new Map() };
  const written: string[] = [];
  try {
    await parse(request, options, received, written);
    return received;
  } catch (error) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throw error;
  }
}

function parse(
  request: IncomingMessage,
  options: ReceiveOptions,
  received: ReceivedUpload,
  written: string[],
): Promise<void> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      limits: {
        fields: 20,
        fieldSize: 64 * 1024,
        files: 20,
        fileSize: MAX_UPLOAD_BYTES,
        parts: 40,
      },
    });
  } catch (error) {
    throw badRequest('Content-Type', `Invalid multipart request: ${(error as Error).message}.`);
  }
  const writes: Promise<void>[] = [];
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      request.unpipe(parser);
      parser.removeAllListeners('file');
      request.resume();
      reject(error);
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(badRequest(name, `Field "${name}" is longer than 64 KiB.`));
      else received.fields.set(name, value);
    });
    parser.on('file', (name, stream, info) => {
      const target = fileTarget(name, received);
      if (target instanceof ApiError) {
        stream.resume();
        fail(target);
        return;
      }
      const limit =
        target.kind === 'file'
          ? Math.min(MAX_UPLOAD_BYTES, options.remainingQuota)
          : MAX_CAPTION_BYTES;
      const write = options.files.temporaryPath().then(async (path) => {
        written.push(path);
        let size = 0;
        const meter = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            size += chunk.length;
            if (size > limit) callback(tooLarge(target.kind, limit, options.remainingQuota));
            else callback(null, chunk);
          },
        });
        await pipeline(stream, meter, createWriteStream(path));
        if (target.kind === 'file') received.file = { path, name: info.filename ?? 'upload', size };
        else received.captions.set(target.language, path);
      });
      writes.push(write.catch((error) => fail(error)));
    });
    parser.on('error', (error: Error) =>
      fail(badRequest('body', `Invalid multipart body: ${error.message}.`)),
    );
    parser.on('close', () => {
      Promise.all(writes).then(() => {
        if (!failed) resolve();
      }, fail);
    });
    request.on('aborted', () =>
      fail(new ApiError('bad_request', 'The client aborted the upload.')),
    );
    request.pipe(parser);
  });
}

type FileTarget = { kind: 'file' } | { kind: 'caption'; language: string };

function fileTarget(name: string, received: ReceivedUpload): FileTarget | ApiError {
  if (name === 'file') {
    if (received.file) return badRequest('file', 'Send one "file" part per upload.');
    return { kind: 'file' };
  }
  const caption = /^captions\[([^\]]+)\]$/.exec(name);
  if (caption) {
    const language = caption[1]!;
    if (!LANGUAGE_PATTERN.test(language)) {
      return badRequest(
        name,
        `Invalid caption language "${language}": use a tag such as en or pt-BR.`,
      );
    }
    return { kind: 'caption', language };
  }
  return badRequest(
    name,
    `Unknown file field "${name}": send "file" and optional "captions[<language>]".`,
  );
}

function tooLarge(kind: FileTarget['kind'], limit: number, remainingQuota: number): ApiError {
  if (kind === 'caption') {
    return new ApiError(
      'unprocessable',
      `Caption file is larger than ${MAX_CAPTION_BYTES} bytes.`,
      {
        reason: 'file_too_large',
      },
    );
  }
  if (limit === remainingQuota && remainingQuota < MAX_UPLOAD_BYTES) {
    return new ApiError(
      'unprocessable',
      `Storage quota exceeded: the account has ${remainingQuota} bytes left. Delete uploads or change plan.`,
      { reason: 'quota_exceeded' },
    );
  }
  return new ApiError(
    'unprocessable',
    `File too large: uploads are at most ${MAX_UPLOAD_BYTES} bytes (10 GB).`,
    {
      reason: 'file_too_large',
    },
  );
}
