/** The poster and the storyboard sprite with its WebVTT index. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FFMPEG_IDLE_TIMEOUT_MS, runTool } from './run.ts';

/** Width in pixels of one storyboard tile. */
const TILE_WIDTH = 160;
const TILE_COLUMNS = 10;
/** Maximum tiles in a storyboard; longer titles get a wider interval. */
const MAX_TILES = 100;

/**
 * Writes `poster.jpg`: of the frames after the first tenth of the title,
 * the most representative one by ffmpeg's thumbnail filter, so a black
 * first frame or a fade-in is not chosen.
 */
export async function writePoster(
  ffmpeg: string,
  source: string,
  duration: number,
  outputDir: string,
): Promise<void> {
  const seek = Math.min(duration * 0.1, 5);
  await runTool(
    ffmpeg,
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-ss',
      seek.toFixed(3),
      '-i',
      source,
      '-vf',
      "thumbnail=30,scale='min(1280,iw)':-2,format=yuvj420p",
      '-frames:v',
      '1',
      '-q:v',
      '3',
      join(outputDir, 'poster.jpg'),
    ],
    { timeoutMs: 120_000 },
  );
}

/** Writes `storyboard.jpg` and `storyboard.vtt`, whose cues point at tiles of the sprite. */
export async function writeStoryboard(
  ffmpeg: string,
  source: string,
  duration: number,
  size: { width: number; height: number },
  outputDir: string,
  onSpawn?: (pid: number) => void,
): Promise<void> {
  const interval = Math.max(1, Math.ceil(duration / MAX_TILES));
  const count = Math.max(1, Math.ceil(duration / interval));
  const rows = Math.ceil(count / TILE_COLUMNS);
  const tileHeight = Math.max(2, Math.round((TILE_WIDTH * size.height) / size.width / 2) * 2);
  await runTool(
    ffmpeg,
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-i',
      source,
      '-vf',
      `fps=1/${interval},scale=${TILE_WIDTH}:${tileHeight},tile=${TILE_COLUMNS}x${rows}`,
      '-frames:v',
      '1',
      '-q:v',
      '5',
      // The storyboard decodes the whole source, so progress lines feed an idle timeout.
      '-nostats',
      '-progress',
      'pipe:1',
      join(outputDir, 'storyboard.jpg'),
    ],
    { idleTimeoutMs: FFMPEG_IDLE_TIMEOUT_MS, onStdoutLine: () => {}, onSpawn },
  );
  const cues = ['WEBVTT', ''];
  for (let i = 0; i < count; i++) {
    const start = i * interval;
    const end = Math.min(duration, start + interval);
    const x = (i % TILE_COLUMNS) * TILE_WIDTH;
    const y = Math.floor(i / TILE_COLUMNS) * tileHeight;
    cues.push(
      `${vttTime(start)} --> ${vttTime(end)}`,
      `storyboard.jpg#xywh=${x},${y},${TILE_WIDTH},${tileHeight}`,
      '',
    );
  }
  await writeFile(join(outputDir, 'storyboard.vtt'), cues.join('\n'));
}

/** Formats seconds as a WebVTT timestamp, `hh:mm:ss.mmm`. */
export function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}
