/** Inspection of converted HLS output with ffprobe, for conversion tests. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from '../../src/server/media/run.ts';
import { binaries } from './fixtures.ts';
import type { TestServer } from './server.ts';

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  profile?: string;
  level?: number;
  width?: number;
  height?: number;
  pix_fmt?: string;
  start_time?: string;
  side_data_list?: { rotation?: number }[];
}

/** Returns the streams of `input` (a path or an ffprobe URL such as `concat:a|b`). */
export async function probeStreams(input: string): Promise<ProbedStream[]> {
  const { stdout } = await runTool(
    binaries.ffprobe,
    ['-v', 'error', '-print_format', 'json', '-show_streams', input],
    { timeoutMs: 30_000 },
  );
  return (JSON.parse(stdout) as { streams: ProbedStream[] }).streams;
}

/** Returns the presentation times of the packets of the first stream of `type`. */
export async function packetTimes(
  input: string,
  type: 'v' | 's',
  keyframesOnly = false,
): Promise<number[]> {
  const { stdout } = await runTool(
    binaries.ffprobe,
    [
      '-v',
      'error',
      '-select_streams',
      `${type}:0`,
      '-show_entries',
      'packet=pts_time,flags',
      '-of',
      'csv=p=0',
      input,
    ],
    { timeoutMs: 30_000 },
  );
  return stdout
    .trim()
    .split('\n')
    .map((line) => line.split(','))
    .filter(([, flags]) => !keyframesOnly || flags?.startsWith('K'))
    .map(([time]) => Number(time))
    .sort((a, b) => a - b);
}

/** Folder of the converted output of upload `id` in the server's data folder. */
export function hlsDir(server: TestServer, id: string): string {
  return join(server.dataDir, 'media', id, 'hls');
}

/** Returns the segment file names of a media playlist, in order, with their durations. */
export async function segmentsOf(
  playlistPath: string,
): Promise<{ uri: string; duration: number }[]> {
  const lines = (await readFile(playlistPath, 'utf8')).split('\n');
  const segments: { uri: string; duration: number }[] = [];
  lines.forEach((line, i) => {
    if (line.startsWith('#EXTINF:')) {
      segments.push({ duration: Number.parseFloat(line.slice(8)), uri: lines[i + 1]!.trim() });
    }
  });
  return segments;
}

/** Returns an ffprobe `concat:` URL of a variant's init segment and its segments, all or the first. */
export async function variantInput(variantDir: string, firstOnly = false): Promise<string> {
  const playlist = await readFile(join(variantDir, 'index.m3u8'), 'utf8');
  const init = /^#EXT-X-MAP:URI="([^"]+)"/m.exec(playlist)![1]!;
  const segments = await segmentsOf(join(variantDir, 'index.m3u8'));
  const uris = firstOnly ? segments.slice(0, 1) : segments;
  const paths = [join(variantDir, init), ...uris.map((segment) => join(variantDir, segment.uri))];
  return `concat:${paths.join('|')}`;
}

/** Attributes of each `#EXT-X-STREAM-INF` line of a master playlist, with its URI. */
export function variantsOf(master: string): Record<string, string>[] {
  const lines = master.split('\n');
  const variants: Record<string, string>[] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith('#EXT-X-STREAM-INF:')) return;
    const attributes: Record<string, string> = { URI: lines[i + 1]!.trim() };
    for (const match of line.slice(18).matchAll(/([A-Z-]+)=("[^"]*"|[^,]*)/g)) {
      attributes[match[1]!] = match[2]!.replace(/^"|"$/g, '');
    }
    variants.push(attributes);
  });
  return variants;
}

export interface ParsedVtt {
  /** Media time in seconds of cue time LOCAL, from X-TIMESTAMP-MAP; MPEGTS 0 at LOCAL 0 without one. */
  mpegtsSeconds: number;
  localSeconds: number;
  cues: { start: number; end: number }[];
}

function vttSeconds(stamp: string): number {
  const parts = stamp.split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

/** Parses the timestamp map and cue times of a WebVTT file. */
export function parseVtt(text: string): ParsedVtt {
  const map = /X-TIMESTAMP-MAP=MPEGTS:(\d+),LOCAL:([\d:.]+)/.exec(text);
  const cues = [...text.matchAll(/^([\d:.]+) --> ([\d:.]+)/gm)].map((match) => ({
    start: vttSeconds(match[1]!),
    end: vttSeconds(match[2]!),
  }));
  return {
    mpegtsSeconds: map ? Number(map[1]) / 90_000 : 0,
    localSeconds: map ? vttSeconds(map[2]!) : 0,
    cues,
  };
}

/** Returns the media time at which a player that follows the HLS rules shows a cue time. */
export function cueMediaTime(vtt: ParsedVtt, cueTime: number): number {
  return cueTime - vtt.localSeconds + vtt.mpegtsSeconds;
}
