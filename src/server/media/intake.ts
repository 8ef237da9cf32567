/** Intake of a received upload: validation, probing, storage and queueing of its conversion. */
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../context.ts';
import { ApiError, badRequest } from '../errors.ts';
import { newMediaId } from '../ids.ts';
import type { ReceivedUpload } from '../routes/multipart.ts';
import type { Account } from '../storage/accounts.ts';
import type { Upload } from '../storage/uploads.ts';
import { captionFormat } from './captions.ts';
import { captionsDir } from './pipeline.ts';
import { probe, type ProbeResult } from './probe.ts';

/** Validates and probes a received upload, then stores it and queues its conversion. */
export async function acceptUpload(
  ctx: AppContext,
  account: Account,
  received: ReceivedUpload,
): Promise<Upload> {
  const file = received.file;
  if (!file)
    throw badRequest('file', 'Missing "file" part: send the video as multipart field "file".');
  if (file.size === 0) {
    throw new ApiError('unprocessable', `The file "${file.name}" is empty.`, {
      reason: 'empty_file',
    });
  }
  const title = (received.fields.get('title') ?? file.name.replace(/\.[^.]+$/, '')).trim();
  if (!title || title.length > 200)
    throw badRequest('title', 'Invalid "title": send 1 to 200 characters.');
  const streamable = parseBoolean('streamable', received.fields.get('streamable') ?? 'true');

  for (const [language, path] of received.captions) {
    if (!(await captionFormat(path))) {
      throw badRequest(
        `captions[${language}]`,
        `Invalid caption file in "captions[${language}]": send WebVTT (starting with WEBVTT) or SRT.`,
      );
    }
  }
  const info = await probeUpload(ctx, file);

  const id = newMediaId();
  await ctx.files.adoptSource(id, file.path);
  try {
    await adoptCaptions(ctx, id, received.captions);
    const upload: Upload = {
      id,
      accountId: account.id,
      title,
      status: streamable ? 'processing' : 'ready',
      progress: streamable ? 0 : 100,
      streamable,
      sizeBytes: file.size,
      duration: info.duration,
      sourceName: file.name,
      error: null,
      renditions: [],
      subtitles: [],
      views: 0,
      createdAt: new Date().toISOString(),
    };
    ctx.uploads.insert(upload);
    if (streamable) ctx.queue.enqueue(id);
    return upload;
  } catch (error) {
    await ctx.files.remove(id);
    throw error;
  }
}

/** Probes the received file, or throws 422 `unsupported_type` with ffprobe's reason. */
async function probeUpload(
  ctx: AppContext,
  file: { path: string; name: string },
): Promise<ProbeResult> {
  let reason = 'it has no video or audio stream';
  try {
    const info = await probe(ctx.binaries.ffprobe, file.path);
    if (info.video || info.audio) return info;
  } catch (error) {
    // ffprobe's own words, without the server's path, e.g. "moov atom not found".
    const detail = (error as Error).message.split(file.path).join(file.name).replace(/\s+/g, ' ');
    reason = `ffprobe could not read it (${detail.slice(0, 300)})`;
  }
  ctx.log.info({ file: file.name, reason }, 'upload rejected as unsupported');
  throw new ApiError(
    'unprocessable',
    `Unsupported file type: "${file.name}" is not a video or audio file: ${reason}. Send a video or audio file such as MP4, MOV, MKV, WebM or M4A.`,
    { reason: 'unsupported_type' },
  );
}

async function adoptCaptions(
  ctx: AppContext,
  id: string,
  captions: Map<string, string>,
): Promise<void> {
  if (captions.size === 0) return;
  const dir = captionsDir(ctx.files, id);
  await mkdir(dir, { recursive: true });
  for (const [language, path] of captions) await rename(path, join(dir, `${language}.src`));
  captions.clear();
}

/** Removes the temporary files of an upload that was not accepted. */
export async function discardUpload(received: ReceivedUpload): Promise<void> {
  const paths = [...received.captions.values()];
  if (received.file) paths.push(received.file.path);
  await Promise.all(paths.map((path) => rm(path, { force: true })));
}

function parseBoolean(field: string, value: string): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw badRequest(field, `Invalid "${field}" value "${value}": send true or false.`);
}
