/** Small media fixtures generated with ffmpeg, so tests need no stored files. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinaries } from '../../src/server/media/binaries.ts';
import { runTool } from '../../src/server/media/run.ts';

export const binaries = findBinaries({
  ffmpeg: process.env.FFMPEG_PATH,
  ffprobe: process.env.FFPROBE_PATH,
});

export interface ClipOptions {
  width?: number;
  height?: number;
  seconds?: number;
  /** Frames per second; 30 unless set. */
  rate?: number;
  /** Container extension, e.g. `mp4`, `webm`, `mkv`. */
  extension?: string;
  audio?: boolean;
  /** Extra output arguments, placed before the output path. */
  outputArgs?: string[];
}

/** Generates a test-pattern clip with a tone and returns its path. */
export async function makeClip(options: ClipOptions = {}): Promise<string> {
  const { width = 640, height = 360, seconds = 3, extension = 'mp4', audio = true } = options;
  const rate = options.rate ?? 30;
  const dir = await mkdtemp(join(tmpdir(), 'cnx-fixture-'));
  const path = join(dir, `clip.${extension}`);
  const args = ['-hide_banner', '-loglevel', 'error', '-y'];
  args.push(
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${width}x${height}:rate=${rate}:duration=${seconds}`,
  );
  if (audio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`);
  if (extension === 'webm')
    args.push('-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8');
  else args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  if (audio) args.push('-c:a', extension === 'webm' ? 'libopus' : 'aac', '-shortest');
  args.push(...(options.outputArgs ?? []), path);
  await runTool(binaries.ffmpeg, args, { timeoutMs: 120_000 });
  return path;
}

/** Builds a multipart body for `POST /v2/me/uploads` from a file on disk. */
export async function uploadForm(
  path: string,
  fields: Record<string, string> = {},
  captions: Record<string, string> = {},
): Promise<FormData> {
  const { readFile } = await import('node:fs/promises');
  const form = new FormData();
  form.set('file', new Blob([await readFile(path)]), path.split('/').pop());
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  for (const [language, text] of Object.entries(captions)) {
    form.set(`captions[${language}]`, new Blob([text]), `${language}.vtt`);
  }
  return form;
}
