/**
 * Captions: sidecar WebVTT or SRT files and text subtitle streams inside
 * the source, all written out as WebVTT with the source's cue times.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { runTool } from './run.ts';

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
 * Writes `target` as WebVTT from a sidecar file. WebVTT is kept byte for
 * byte so cue times stay exact; SRT is converted by ffmpeg.
 */
export async function writeSidecarCaptions(
  ffmpeg: string,
  source: string,
  target: string,
): Promise<void> {
  const head = (await readFile(source))
    .subarray(0, 512)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (head.startsWith('WEBVTT')) {
    await writeFile(target, await readFile(source));
    return;
  }
  if (!/^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{3}\s*-->/.test(head)) {
    throw new Error(
      'the caption file is neither WebVTT (no WEBVTT header) nor SRT (no numbered cues)',
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
  await runTool(
    ffmpeg,
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-i',
      source,
      '-map',
      `0:${index}`,
      '-f',
      'webvtt',
      target,
    ],
    { timeoutMs: 120_000 },
  );
}
