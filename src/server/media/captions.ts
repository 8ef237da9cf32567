/**
 * Captions: sidecar WebVTT or SRT files and text subtitle streams inside
 * the source, all written out as WebVTT with the source's cue times.
 */
import { open, readFile, writeFile } from 'node:fs/promises';
import { vttTime } from './images.ts';
import { FFMPEG_IDLE_TIMEOUT_MS, runTool } from './run.ts';

/** Shape of a language tag accepted for captions, e.g. `en` or `pt-BR`. */
export const LANGUAGE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** Returns the language's name in that language, e.g. `Español` for `es`. */
export function languageName(language: string): string {
  try {
    const name = new Intl.DisplayNames([language], { type: 'language' }).of(language);
    if (name && name !== language)
      return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
  } catch {
    // An unknown tag falls through to the tag itself.
  }
  return language;
}

/**
 * Returns the format of a caption file from its first bytes, or undefined
 * when it is neither WebVTT (a `WEBVTT` header) nor SRT (a numbered cue).
 */
export async function captionFormat(path: string): Promise<'webvtt' | 'srt' | undefined> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    if (head.startsWith('WEBVTT')) return 'webvtt';
    if (/^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{3}\s*-->/.test(head)) return 'srt';
    return undefined;
  } finally {
    await handle.close();
  }
}

/**
 * Writes `target` as WebVTT from a sidecar file. WebVTT is kept byte for
 * byte so cue times stay exact; SRT is converted by ffmpeg.
 */
export async function writeSidecarCaptions(
  ffmpeg: string,
  source: string,
  target: string,
): Promise<void> {
  const format = await captionFormat(source);
  if (format === 'webvtt') {
    await writeFile(target, await readFile(source));
    return;
  }
  if (!format) {
    throw new Error(
      'a caption file is neither WebVTT (no WEBVTT header) nor SRT (no numbered cues)',
    );
  }
  await runTool(
    ffmpeg,
    ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'srt', '-i', source, '-f', 'webvtt', target],
    {
      timeoutMs: 60_000,
    },
  );
}

/** Extracts the text subtitle stream `index` of the source as WebVTT. */
export async function extractSubtitleStream(
  ffmpeg: string,
  source: string,
  index: number,
  target: string,
): Promise<void> {
  // ffmpeg subtracts the source's start time here as in the ladder encode, so cue times
  // are on the same timeline as sidecar files. Progress lines feed the idle timeout.
  await runTool(
    ffmpeg,
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostats',
      '-y',
      '-i',
      source,
      '-map',
      `0:${index}`,
      '-f',
      'webvtt',
      '-progress',
      'pipe:1',
      target,
    ],
    { idleTimeoutMs: FFMPEG_IDLE_TIMEOUT_MS, onStdoutLine: () => {} },
  );
}

/**
 * Rewrites the WebVTT file at `path` with an `X-TIMESTAMP-MAP` header that
 * places its cues `shiftSeconds` later on the segments' timeline, so that a
 * cue at source time t plays with the frame that the segments show at t.
 * The map states that cue time LOCAL is media time MPEGTS (90 kHz). hls.js
 * 1.x adds MPEGTS/90000 - LOCAL to every cue and, without a map, places
 * cue time 0 at media time 0, which would show cues early by the segments'
 * start offset (the encoder delay of reordered B-frames).
 * Cue lines are kept byte for byte; a map already in the file is replaced.
 */
export async function applyTimestampMap(path: string, shiftSeconds: number): Promise<void> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const headerEnd = lines.findIndex((line) => line.trim() === '');
  const header = lines.slice(0, headerEnd < 0 ? lines.length : headerEnd);
  const rest = headerEnd < 0 ? [] : lines.slice(headerEnd);
  const kept = header.filter((line) => !line.startsWith('X-TIMESTAMP-MAP='));
  kept.splice(1, 0, timestampMap(shiftSeconds));
  await writeFile(path, [...kept, ...rest].join('\n'));
}

/** Returns the `X-TIMESTAMP-MAP` line for a shift; MPEGTS may not be negative, so LOCAL takes it. */
export function timestampMap(shiftSeconds: number): string {
  // LOCAL has millisecond precision, so the remainder of a negative shift goes into MPEGTS.
  const local = shiftSeconds < 0 ? Math.ceil(-shiftSeconds * 1000) / 1000 : 0;
  const mpegts = Math.round((local + shiftSeconds) * 90_000);
  return `X-TIMESTAMP-MAP=MPEGTS:${mpegts},LOCAL:${vttTime(local)}`;
}
