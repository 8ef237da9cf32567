/**
 * Streaming reception of a multipart upload: each file part goes to a
 * temporary file as it arrives, so the process never keeps a whole file in memory,
 * and every temporary file is removed when anything goes wrong, including
 * a client that disconnects mid-upload.
 */
import busboy from 'busboy';
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError, badRequest } from '../errors.ts';
import { LANGUAGE_PATTERN } from '../media/captions.ts';
import type { FileStore } from '../storage/files.ts';

/** Largest caption file accepted with an upload. */
const MAX_CAPTION_BYTES = 5 * 1000 * 1000;

export interface ReceivedUpload {
  fields: Map<string, string>;
  file?: { path: string; name: string; size: number };
  /** Paths of caption files by language, from fields named `captions[<language>]`. */
  captions: Map<string, string>;
  /**
   * SHA-256 over every field and the content of every file part, in name
   * order, so that a retried request can be distinguished from a different one.
   */
  fingerprint?: string;
}

export interface ReceiveOptions {
  files: FileStore;
  /** Largest accepted `file` part in bytes. */
  maxFileBytes: number;
  /** Bytes the account may still store; the body is cut off once the file passes it. */
  remainingQuota: number;
}

/** Error of an upload whose client disconnected before the body ended. */
export class UploadAbortedError extends Error {
  constructor() {
    super('The client closed the connection before the upload finished.');
    this.name = 'UploadAbortedError';
  }
}

/** Receives the multipart body of `request`; on failure, removes what it wrote and throws. */
export async function receiveUpload(
  request: IncomingMessage,
  options: ReceiveOptions,
): Promise<ReceivedUpload> {
  const reception = new Reception(request, options);
  try {
    await reception.run();
    return reception.received;
  } catch (error) {
    await reception.discard();
    throw error;
  }
}

/** The state of one multipart body being received. */
class Reception {
  readonly received: ReceivedUpload = { fields: new Map(), captions: new Map() };
  private readonly written: string[] = [];
  private readonly writes: Promise<void>[] = [];
  private readonly digests = new Map<string, string>();
  /** Names of the file parts seen so far, to reject repeated ones. */
  private readonly fileParts = new Set<string>();
  /** Aborts the file writes still running when the reception fails. */
  private readonly controller = new AbortController();
  private failure: unknown;

  constructor(
    private readonly request: IncomingMessage,
    private readonly options: ReceiveOptions,
  ) {}

  run(): Promise<void> {
    const parser = this.createParser();
    return new Promise((resolve, reject) => {
      const fail = (error: unknown) => {
        if (this.failure !== undefined) return;
        this.failure = error;
        this.controller.abort(error);
        this.request.unpipe(parser);
        parser.removeAllListeners('file');
        // The rest of the body is read and dropped so that the client can read the error.
        this.request.resume();
        reject(error);
      };
      this.listen(parser, fail);
      parser.on('close', () => {
        Promise.all(this.writes).then(() => {
          if (this.failure !== undefined) return;
          this.received.fingerprint = this.fingerprint();
          resolve();
        }, fail);
      });
      this.request.on('close', () => {
        if (!this.request.complete) fail(new UploadAbortedError());
      });
      this.request.on('error', () => fail(new UploadAbortedError()));
      this.request.pipe(parser);
    });
  }

  /** Waits for the writes still running to stop, then removes every file written. */
  async discard(): Promise<void> {
    await Promise.allSettled(this.writes);
    await Promise.all(this.written.map((path) => rm(path, { force: true })));
  }

  private createParser(): busboy.Busboy {
    try {
      // File sizes are checked by the meter of each part, which can tell the quota from the limit.
      return busboy({
        headers: this.request.headers,
        limits: { fields: 20, fieldSize: 64 * 1024, files: 20, parts: 40 },
      });
    } catch (error) {
      throw badRequest('Content-Type', `Invalid multipart request: ${(error as Error).message}.`);
    }
  }

  private listen(parser: busboy.Busboy, fail: (error: unknown) => void): void {
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(badRequest(name, `Field "${name}" is longer than 64 KiB.`));
      else if (this.received.fields.has(name)) fail(badRequest(name, `Send "${name}" once.`));
      else this.received.fields.set(name, value);
    });
    parser.on('file', (name, stream, info) => {
      const target = fileTarget(name, this.fileParts);
      if (target instanceof ApiError) {
        stream.resume();
        fail(target);
        return;
      }
      this.writes.push(this.writeFile(target, stream, info.filename).catch(fail));
    });
    const tooMany = (what: string) => () =>
      fail(badRequest('body', `Too many ${what}: send one file, captions and a few fields.`));
    parser.on('partsLimit', tooMany('parts'));
    parser.on('filesLimit', tooMany('file parts'));
    parser.on('fieldsLimit', tooMany('fields'));
    parser.on('error', (error: Error) =>
      fail(badRequest('body', `Invalid multipart body: ${error.message}.`)),
    );
  }

  private async writeFile(target: FileTarget, stream: Readable, filename: string | undefined) {
    const path = await this.options.files.temporaryPath();
    this.written.push(path);
    const limit = target.kind === 'file' ? this.fileLimit() : MAX_CAPTION_BYTES;
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        size += chunk.length;
        if (size > limit) {
          callback(this.tooLarge(target.kind));
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    await pipeline(stream, meter, createWriteStream(path), { signal: this.controller.signal });
    this.recordDigest(target, hash);
    if (target.kind === 'file') {
      this.received.file = { path, name: filename || 'upload', size };
    } else {
      this.received.captions.set(target.language, path);
    }
  }

  private fileLimit(): number {
    return Math.min(this.options.maxFileBytes, this.options.remainingQuota);
  }

  private recordDigest(target: FileTarget, hash: Hash): void {
    const name = target.kind === 'file' ? 'file' : `captions[${target.language}]`;
    this.digests.set(name, hash.digest('hex'));
  }

  private fingerprint(): string {
    const parts = [
      ...[...this.received.fields].map(([name, value]) => `field ${name}=${value}`),
      ...[...this.digests].map(([name, digest]) => `file ${name}=${digest}`),
    ];
    return createHash('sha256').update(JSON.stringify(parts.sort())).digest('hex');
  }

  private tooLarge(kind: FileTarget['kind']): ApiError {
    const { maxFileBytes, remainingQuota } = this.options;
    if (kind === 'caption') {
      return new ApiError(
        'unprocessable',
        `Caption file is larger than ${MAX_CAPTION_BYTES} bytes: send a smaller WebVTT or SRT file.`,
        { reason: 'file_too_large' },
      );
    }
    if (remainingQuota < maxFileBytes) {
      return new ApiError(
        'unprocessable',
        `Storage quota exceeded: the account has ${remainingQuota} bytes left. Delete uploads or change plan.`,
        { reason: 'quota_exceeded' },
      );
    }
    return fileTooLarge(maxFileBytes);
  }
}

/** Builds the 422 error of a file above the upload limit. */
export function fileTooLarge(maxFileBytes: number): ApiError {
  return new ApiError(
    'unprocessable',
    `File too large: uploads are at most ${maxFileBytes} bytes. Split or compress the video.`,
    { reason: 'file_too_large' },
  );
}

type FileTarget = { kind: 'file' } | { kind: 'caption'; language: string };

function fileTarget(name: string, seen: Set<string>): FileTarget | ApiError {
  const repeated = seen.has(name);
  seen.add(name);
  if (name === 'file') {
    if (repeated) return badRequest('file', 'Send one "file" part per upload.');
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
    if (repeated) {
      return badRequest(name, `Send one caption file per language; "${language}" came twice.`);
    }
    return { kind: 'caption', language };
  }
  return badRequest(
    name,
    `Unknown file field "${name}": send "file" and optional "captions[<language>]".`,
  );
}
