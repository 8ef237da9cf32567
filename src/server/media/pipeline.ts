/**
 * Conversion of one upload: probe, encode the ladder, captions, poster,
 * storyboard and master playlist. Output is written to a staging folder
 * that replaces the final one only when everything succeeded.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { FileStore } from '../storage/files.ts';
import type { Rendition, SubtitleTrack, UploadRepository } from '../storage/uploads.ts';
import type { Binaries } from './binaries.ts';
import {
  applyTimestampMap,
  extractSubtitleStream,
  LANGUAGE_PATTERN,
  languageName,
  writeSidecarCaptions,
} from './captions.ts';
import { codecsOfInit } from './codecs.ts';
import { writePoster, writeStoryboard } from './images.ts';
import { ladderFor } from './ladder.ts';
import {
  initSegmentOf,
  masterPlaylist,
  parseMediaPlaylist,
  subtitlePlaylist,
} from './playlists.ts';
import { probe, type ProbeResult } from './probe.ts';
import { clearConversionPid, recordConversionPid } from './recovery.ts';
import { outputFrameRate, transcode } from './transcode.ts';

export interface PipelineContext {
  binaries: Binaries;
  files: FileStore;
  uploads: UploadRepository;
  log: Logger;
}

/** Share of the progress figure given to the ladder encode; the rest is captions and images. */
const ENCODE_SHARE = 90;

/** Converts upload `id`, marking it ready or failed; never throws. */
export async function convertUpload(
  ctx: PipelineContext,
  id: string,
  signal: AbortSignal,
): Promise<void> {
  const log = ctx.log.child({ upload: id });
  const finalDir = ctx.files.outputDir(id);
  const stagingDir = `${finalDir}.staging`;
  const started = Date.now();
  try {
    await rm(stagingDir, { recursive: true, force: true });
    await mkdir(stagingDir, { recursive: true });
    const source = ctx.files.sourcePath(id);
    const info = await probe(ctx.binaries.ffprobe, source);
    ctx.uploads.setDuration(id, info.duration);
    log.info(
      { format: info.format, duration: info.duration, video: info.video },
      'conversion started',
    );

    let lastProgress = -1;
    const size = displaySize(info);
    const rungs = size ? ladderFor(size.width, size.height) : [];
    const onSpawn = (pid: number) => recordConversionPid(ctx.files, id, pid);
    await transcode({
      ffmpeg: ctx.binaries.ffmpeg,
      source,
      probe: info,
      rungs,
      outputDir: stagingDir,
      signal,
      onSpawn,
      onProgress(fraction) {
        const progress = Math.floor(fraction * ENCODE_SHARE);
        if (progress !== lastProgress) ctx.uploads.setProgress(id, (lastProgress = progress));
      },
    });

    const subtitles = await writeCaptions(ctx, id, info, stagingDir);
    if (size) {
      await writePoster(ctx.binaries.ffmpeg, source, info.duration, stagingDir);
      await writeStoryboard(ctx.binaries.ffmpeg, source, info.duration, size, stagingDir, onSpawn);
    }
    await clearConversionPid(ctx.files, id);
    const renditions = await measureRenditions(stagingDir, info, rungs.length || 1);
    await writeFile(join(stagingDir, 'master.m3u8'), masterPlaylist(renditions, subtitles));

    await rm(finalDir, { recursive: true, force: true });
    await rename(stagingDir, finalDir);
    ctx.uploads.markReady(id, renditions, subtitles);
    log.info(
      { ms: Date.now() - started, rungs: renditions.map((r) => r.height) },
      'conversion finished',
    );
  } catch (error) {
    await rm(stagingDir, { recursive: true, force: true }).catch(() => {});
    await clearConversionPid(ctx.files, id).catch(() => {});
    if (signal.aborted) {
      // Stopped by shutdown or by a delete: a remaining record stays processing and is
      // converted again on restart.
      log.info('conversion stopped');
      return;
    }
    const message = failureMessage(error, ctx.files.mediaDir(id));
    log.warn({ err: error }, 'conversion failed');
    ctx.uploads.markFailed(id, message);
  }
}

/** Returns the displayed size, after rotation metadata is applied, or undefined for audio only. */
function displaySize(info: ProbeResult): { width: number; height: number } | undefined {
  const video = info.video;
  if (!video || video.width === 0 || video.height === 0) return undefined;
  const quarterTurn = video.rotation === 90 || video.rotation === 270;
  return quarterTurn
    ? { width: video.height, height: video.width }
    : { width: video.width, height: video.height };
}

/** Folder of the sidecar caption files sent with an upload, named `<language>.src`. */
export function captionsDir(files: FileStore, id: string): string {
  return join(files.sourcePath(id), '..', 'captions');
}

async function writeCaptions(
  ctx: PipelineContext,
  id: string,
  info: ProbeResult,
  outputDir: string,
): Promise<SubtitleTrack[]> {
  const tracks = new Map<string, SubtitleTrack>();
  await mkdir(join(outputDir, 'subs'), { recursive: true });
  const sidecarDir = captionsDir(ctx.files, id);
  const sidecars = await readdir(sidecarDir).catch(() => [] as string[]);
  for (const name of sidecars.sort()) {
    const language = basename(name, '.src');
    await writeSidecarCaptions(
      ctx.binaries.ffmpeg,
      join(sidecarDir, name),
      join(outputDir, 'subs', `${language}.vtt`),
    );
    tracks.set(language, track(language));
  }
  for (const stream of info.subtitleStreams) {
    const language = canonicalLanguage(stream.language);
    // Streams without a language get one file each; their LANGUAGE is still `und`.
    const file = language === 'und' ? `und-${stream.index}` : language;
    // Sidecar files win over streams of the same language; image subtitles cannot become WebVTT.
    if (tracks.has(file) || !isTextSubtitle(stream.codec)) continue;
    await extractSubtitleStream(
      ctx.binaries.ffmpeg,
      ctx.files.sourcePath(id),
      stream.index,
      join(outputDir, 'subs', `${file}.vtt`),
    );
    tracks.set(file, track(language, file));
  }
  const shift = tracks.size > 0 ? await segmentTimelineShift(ctx, info, outputDir) : 0;
  for (const file of tracks.keys()) {
    await applyTimestampMap(join(outputDir, 'subs', `${file}.vtt`), shift);
    await writeFile(
      join(outputDir, 'subs', `${file}.m3u8`),
      subtitlePlaylist(`${file}.vtt`, info.duration),
    );
  }
  return [...tracks.values()];
}

/**
 * Returns how much later the segments show a moment than the source does,
 * in seconds: the first segment's start (B-frame reordering delays it by
 * a few frames) minus the source's first frame, both as ffprobe reads them.
 */
async function segmentTimelineShift(
  ctx: PipelineContext,
  info: ProbeResult,
  outputDir: string,
): Promise<number> {
  const variant = join(outputDir, 'v0');
  const playlist = await readFile(join(variant, 'index.m3u8'), 'utf8');
  const init = initSegmentOf(playlist);
  const first = parseMediaPlaylist(playlist)[0];
  if (!init || !first) return 0;
  // The concat protocol reads the init segment and the first segment as one fMP4 file.
  const output = await probe(
    ctx.binaries.ffprobe,
    `concat:${join(variant, init)}|${join(variant, first.uri)}`,
  );
  const outputStart = output.video?.startTime ?? output.audio?.startTime ?? 0;
  const sourceStart = (info.video?.startTime ?? info.audio?.startTime ?? 0) - info.startTime;
  return outputStart - sourceStart;
}

function track(language: string, file = language): SubtitleTrack {
  const name = language === 'und' ? `Unknown (${file.slice(4)})` : languageName(language);
  return { language, name, uri: `subs/${file}.m3u8` };
}

/**
 * Returns the BCP 47 form of a stream's language tag: containers store
 * ISO 639-2 codes such as `fra` or `ger`, which HLS players expect as `fr`
 * and `de`. Tags that do not canonicalize to a language become `und`.
 */
export function canonicalLanguage(tag: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical && LANGUAGE_PATTERN.test(canonical)) return canonical;
  } catch {
    // An invalid tag falls through to `und`.
  }
  return 'und';
}

function isTextSubtitle(codec: string): boolean {
  return ['subrip', 'srt', 'ass', 'ssa', 'webvtt', 'mov_text', 'text'].includes(codec);
}

/** Measures each rung's bandwidth on its segments and reads its codecs from its init segment. */
async function measureRenditions(
  outputDir: string,
  info: ProbeResult,
  count: number,
): Promise<Rendition[]> {
  const renditions: Rendition[] = [];
  for (let i = 0; i < count; i++) {
    const dir = join(outputDir, `v${i}`);
    const segments = parseMediaPlaylist(await readFile(join(dir, 'index.m3u8'), 'utf8'));
    let totalBits = 0;
    let totalSeconds = 0;
    let peak = 0;
    for (const segment of segments) {
      const bits = (await stat(join(dir, segment.uri))).size * 8;
      totalBits += bits;
      totalSeconds += segment.duration;
      if (segment.duration > 0) peak = Math.max(peak, bits / Math.max(segment.duration, 1));
    }
    const initName = (await readdir(dir)).find((name) => name.startsWith('init'));
    const init = initName ? await readFile(join(dir, initName)) : Buffer.alloc(0);
    const video = info.video ? videoSizeOfInit(init) : { width: 0, height: 0 };
    renditions.push({
      width: video.width,
      height: video.height,
      bandwidth: Math.ceil(Math.max(peak, totalBits / Math.max(totalSeconds, 0.001))),
      averageBandwidth: Math.ceil(totalBits / Math.max(totalSeconds, 0.001)),
      codecs: codecsOfInit(init),
      frameRate: info.video ? outputFrameRate(info.video).value : 0,
      uri: `v${i}/index.m3u8`,
    });
  }
  // Highest rung first is what most players expect when they pick the first entry.
  return renditions.sort((a, b) => b.bandwidth - a.bandwidth);
}

/** Reads the coded width and height from the init segment's `avc1` sample entry. */
function videoSizeOfInit(init: Buffer): { width: number; height: number } {
  // Searched after `stsd`, because the `ftyp` box may list `avc1` as a brand.
  const avc1 = init.indexOf('avc1', Math.max(0, init.indexOf('stsd')));
  if (avc1 < 0) return { width: 0, height: 0 };
  // VisualSampleEntry: 6 reserved + 2 index + 16 predefined bytes, then width and height.
  const offset = avc1 + 4 + 24;
  return { width: init.readUInt16BE(offset), height: init.readUInt16BE(offset + 2) };
}

/** Returns the message stored for a failed conversion, without the server's folders. */
function failureMessage(error: unknown, mediaDir: string): string {
  const text = error instanceof Error ? error.message : String(error);
  return `Conversion failed: ${text.split(`${mediaDir}/`).join('')}`;
}
