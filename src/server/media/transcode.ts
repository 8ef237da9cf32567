/**
 * One ffmpeg run that decodes the source once and encodes every rung of
 * the ladder into fragmented-MP4 HLS with keyframes aligned across rungs.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AUDIO_KBPS, type Rung } from './ladder.ts';
import { withTargetDuration } from './playlists.ts';
import type { ProbeResult } from './probe.ts';
import { FFMPEG_IDLE_TIMEOUT_MS, runTool } from './run.ts';

/** Segment length in seconds; also the keyframe interval. */
export const SEGMENT_SECONDS = 2;

export interface TranscodeInput {
  ffmpeg: string;
  source: string;
  probe: ProbeResult;
  rungs: Rung[];
  outputDir: string;
  /** Receives the share of the source encoded so far, from 0 to 1. */
  onProgress?: (fraction: number) => void;
  /** Receives the ffmpeg process id once it started. */
  onSpawn?: (pid: number) => void;
  signal?: AbortSignal;
}

/**
 * Writes `v<N>/index.m3u8` with `init_<N>.mp4` and `seg_<NNN>.m4s` per rung,
 * or `v0/` with audio alone for an audio-only source.
 */
export async function transcode(input: TranscodeInput): Promise<void> {
  await mkdir(input.outputDir, { recursive: true });
  const { probe } = input;
  const args = ['-hide_banner', '-nostats', '-loglevel', 'error', '-y', '-i', input.source];
  args.push(...(probe.video ? videoArgs(input) : audioOnlyArgs()));
  args.push(
    ...hlsArgs(`${input.outputDir}/v%v/seg_%03d.m4s`),
    '-var_stream_map',
    streamMap(input),
    '-progress',
    'pipe:1',
    `${input.outputDir}/v%v/index.m3u8`,
  );
  const durationUs = probe.duration * 1e6;
  await runTool(input.ffmpeg, args, {
    signal: input.signal,
    idleTimeoutMs: FFMPEG_IDLE_TIMEOUT_MS,
    onSpawn: input.onSpawn,
    onStdoutLine(line) {
      const match = /^out_time_us=(\d+)/.exec(line);
      if (match && durationUs > 0) input.onProgress?.(Math.min(1, Number(match[1]) / durationUs));
    },
  });
  const variants = probe.video ? input.rungs.length : 1;
  for (let i = 0; i < variants; i++) await fixTargetDuration(join(input.outputDir, `v${i}`));
}

/** Rewrites TARGETDURATION, which ffmpeg 5.1 writes as 0 for a source under half a second. */
async function fixTargetDuration(variantDir: string): Promise<void> {
  const path = join(variantDir, 'index.m3u8');
  await writeFile(path, withTargetDuration(await readFile(path, 'utf8')));
}

/** Nominal frame rates that an output may get, as ffmpeg rationals and their values. */
const STANDARD_RATES: [string, number][] = [
  ['24000/1001', 24000 / 1001],
  ['24', 24],
  ['25', 25],
  ['30000/1001', 30000 / 1001],
  ['30', 30],
  ['48', 48],
  ['50', 50],
  ['60000/1001', 60000 / 1001],
  ['60', 60],
];

/**
 * Returns the constant output frame rate of a video source, as an ffmpeg
 * rational and its value. A variable-rate source (phone video) gets its
 * nominal rate when ffprobe reports one at or above the average, and every
 * rate is snapped up to the nearest standard rate, at most 60. Rates under
 * 23 (screen recordings, slideshows) are kept as they are.
 */
export function outputFrameRate(video: NonNullable<ProbeResult['video']>): {
  rational: string;
  value: number;
} {
  const average = video.frameRate || 30;
  const base = video.baseFrameRate;
  const nominal = base >= average - 0.01 && base <= 60.01 ? base : average;
  if (nominal < 23) {
    const value = Math.round(nominal * 1000) / 1000;
    return { rational: String(value), value };
  }
  const standard = STANDARD_RATES.find(([, value]) => value >= nominal - 0.01);
  const [rational, value] = standard ?? STANDARD_RATES.at(-1)!;
  return { rational, value };
}

function videoArgs({ probe, rungs }: TranscodeInput): string[] {
  const video = probe.video!;
  // ffmpeg applies rotation metadata while decoding (its default -autorotate), so the
  // rungs' sizes are the displayed ones and the output carries no rotation.
  // Variable-rate sources become constant-rate so keyframes land on segment edges.
  const { rational, value: fps } = outputFrameRate(video);
  const split = rungs.map((_, i) => `[s${i}]`).join('');
  const scales = rungs.map(
    (rung, i) => `[s${i}]scale=${rung.width}:${rung.height}:flags=bicubic,setsar=1[v${i}]`,
  );
  const graph = `[0:v:0]fps=${rational},format=yuv420p,split=${rungs.length}${split};${scales.join(';')}`;
  const args = ['-filter_complex', graph];

  rungs.forEach((rung, i) => {
    args.push('-map', `[v${i}]`);
    if (probe.audio) args.push('-map', '0:a:0');
    args.push(...rateControlArgs(rung, `:v:${i}`));
  });

  args.push(...x264Args(fps));
  if (probe.audio) args.push(...audioCodecArgs());
  return args;
}

/**
 * Returns the H.264 settings of every rung: 8-bit 4:2:0 High profile and a
 * keyframe every `SEGMENT_SECONDS`, forced at the same times in every rung
 * so that their segments align.
 */
export function x264Args(fps: number): string[] {
  const gop = String(Math.round(fps * SEGMENT_SECONDS));
  return [
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-profile:v',
    'high',
    '-pix_fmt',
    'yuv420p',
    '-g',
    gop,
    '-keyint_min',
    gop,
    '-sc_threshold',
    '0',
    '-force_key_frames',
    `expr:gte(t,n_forced*${SEGMENT_SECONDS})`,
  ];
}

/** Returns a rung's bitrate settings; `stream` is an ffmpeg stream specifier such as `:v:1`. */
export function rateControlArgs(rung: Rung, stream = ''): string[] {
  return [
    `-b${stream || ':v'}`,
    `${rung.videoKbps}k`,
    `-maxrate${stream}`,
    `${Math.round(rung.videoKbps * 1.1)}k`,
    `-bufsize${stream}`,
    `${rung.videoKbps * 2}k`,
  ];
}

/** Returns the fMP4 HLS muxer settings, writing segments to `segmentPattern`. */
export function hlsArgs(segmentPattern: string): string[] {
  return [
    '-f',
    'hls',
    '-hls_time',
    String(SEGMENT_SECONDS),
    '-hls_playlist_type',
    'vod',
    '-hls_segment_type',
    'fmp4',
    '-hls_fmp4_init_filename',
    'init.mp4',
    '-hls_segment_filename',
    segmentPattern,
  ];
}

function audioOnlyArgs(): string[] {
  return ['-map', '0:a:0', ...audioCodecArgs(), '-vn'];
}

/** Returns the AAC-LC stereo settings of every rung. */
export function audioCodecArgs(): string[] {
  return [
    '-c:a',
    'aac',
    '-profile:a',
    'aac_low',
    '-b:a',
    `${AUDIO_KBPS}k`,
    '-ac',
    '2',
    '-ar',
    '48000',
  ];
}

function streamMap({ probe, rungs }: TranscodeInput): string {
  if (!probe.video) return 'a:0';
  return rungs.map((_, i) => (probe.audio ? `v:${i},a:${i}` : `v:${i}`)).join(' ');
}
