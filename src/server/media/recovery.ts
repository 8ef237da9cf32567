/**
 * Recovery of conversions that a previous run of the server left behind,
 * for example when it was killed: their ffmpeg processes, staging folders,
 * media folders without a record and records without a source.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { FileStore } from '../storage/files.ts';
import type { UploadRepository } from '../storage/uploads.ts';
import type { JobQueue } from './queue.ts';

export interface RecoveryContext {
  files: FileStore;
  uploads: UploadRepository;
  queue: JobQueue;
  log: Logger;
}

function pidPath(files: FileStore, id: string): string {
  return join(files.mediaDir(id), 'conversion.pid');
}

/** Records the ffmpeg process that converts upload `id`, so that a restart can stop it. */
export async function recordConversionPid(files: FileStore, id: string, pid: number) {
  await writeFile(pidPath(files, id), String(pid)).catch(() => {});
}

export async function clearConversionPid(files: FileStore, id: string): Promise<void> {
  await rm(pidPath(files, id), { force: true });
}

/**
 * Cleans up after the previous run, then queues the conversions it left
 * unfinished. Media folders without a record are removed; a processing
 * record whose source file is missing is marked failed.
 */
export async function recoverConversions(ctx: RecoveryContext): Promise<void> {
  for (const id of await ctx.files.listMediaIds()) {
    await stopOrphanedFfmpeg(ctx, id);
    await rm(`${ctx.files.outputDir(id)}.staging`, { recursive: true, force: true });
    if (!ctx.uploads.get(id)) {
      ctx.log.warn({ upload: id }, 'removing media folder that has no upload record');
      await ctx.files.remove(id);
    }
  }
  for (const upload of ctx.uploads.listProcessing()) {
    if (!existsSync(ctx.files.sourcePath(upload.id))) {
      ctx.log.warn({ upload: upload.id }, 'failing unfinished conversion: source file missing');
      ctx.uploads.markFailed(
        upload.id,
        'Conversion failed: the uploaded file is missing from storage. Upload the video again.',
      );
      continue;
    }
    ctx.log.info({ upload: upload.id }, 'resuming unfinished conversion');
    ctx.queue.enqueue(upload.id);
  }
}

/**
 * Kills the ffmpeg process recorded for upload `id` if it still runs,
 * because a killed server leaves its child processes running. The process
 * is killed only when its command line names this upload's folder, so a
 * reused process id is left alone. NOTE: this reads /proc, so it works
 * on Linux only; elsewhere an orphaned ffmpeg runs until it ends.
 */
async function stopOrphanedFfmpeg(ctx: RecoveryContext, id: string): Promise<void> {
  const path = pidPath(ctx.files, id);
  const pid = Number(await readFile(path, 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) return;
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (commandLine.includes(ctx.files.mediaDir(id))) {
    ctx.log.warn({ upload: id, pid }, 'killing ffmpeg left running by the previous server');
    try {
      process.kill(pid, 'SIGKILL');
    } catch (error) {
      ctx.log.warn({ upload: id, pid, err: error }, 'could not kill the orphaned ffmpeg');
    }
  }
  await rm(path, { force: true });
}
