/**
 * One ffmpeg run that decodes the source once and encodes every rung of
 * the ladder into fragmented-MP4 HLS with keyframes aligned across rungs.
 */
import { mkdir } from 'node:fs/promises';
import { AUDIO_KBPS, type Rung } from './ladder.ts';
import type { ProbeResult } from './probe.ts';
import { runTool } from './run.ts';

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
    `${input.outputDir}/v%v/seg_%03d.m4s`,
    '-var_stream_map',
    streamMap(input),
    '-progress',
    'pipe:1',
    `${input.outputDir}/v%v/index.m3u8`,
  );
  const durationUs = probe.duration * 1e6;
  await runTool(input.ffmpeg, args, {
    signal: input.signal,
    onStdoutLine(line) {
      const match = /^out_time_us=(\d+)/.exec(line);
      if (match && durationUs > 0) input.onProgress?.(Math.min(1, Number(match[1]) / durationUs));
    },
  });
}

function videoArgs({ probe, rungs }: TranscodeInput): string[] {
  const video = probe.video!;
  // Variable-rate sources become constant-rate so keyframes land on segment edges.
  const fps = Math.min(60, Math.round(video.frameRate * 1000) / 1000 || 30);
  const split = rungs.map((_, i) => `[s${i}]`).join('');
  const scales = rungs.map(
    (rung, i) => `[s${i}]scale=${rung.width}:${rung.height}:flags=bicubic,setsar=1[v${i}]`,
  );
  const graph = `[0:v:0]fps=${fps},format=yuv420p,split=${rungs.length}${split};${scales.join(';')}`;
  const args = ['-filter_complex', graph];
  rungs.forEach((rung, i) => {
    args.push('-map', `[v${i}]`);
    if (probe.audio) args.push('-map', '0:a:0');
    args.push(
      `-b:v:${i}`,
      `${rung.videoKbps}k`,
      `-maxrate:v:${i}`,
      `${Math.round(rung.videoKbps * 1.1)}k`,
      `-bufsize:v:${i}`,
      `${rung.videoKbps * 2}k`,
    );
  });
  args.push(
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-profile:v',
    'high',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(Math.round(fps * SEGMENT_SECONDS)),
    '-keyint_min',
    String(Math.round(fps * SEGMENT_SECONDS)),
    '-sc_threshold',
    '0',
    '-force_key_frames',
    `expr:gte(t,n_forced*${SEGMENT_SECONDS})`,
  );
  if (probe.audio) args.push(...audioCodecArgs());
  return args;
}

function audioOnlyArgs(): string[] {
  return ['-map', '0:a:0', ...audioCodecArgs(), '-vn'];
}

function audioCodecArgs(): string[] {
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
