/** Probing of uploaded files with ffprobe: the content decides the type, not the name. */
import { runTool } from './run.ts';

export interface ProbeResult {
  /** Container format names, e.g. `mov,mp4,m4a,3gp,3g2,mj2`. */
  format: string;
  duration: number;
  /** Start of the source's timeline in seconds (ffprobe's format `start_time`). */
  startTime: number;
  video?: {
    codec: string;
    width: number;
    height: number;
    /** Frames per second, from the stream's average frame rate. */
    frameRate: number;
    /**
     * Frames per second from the stream's base rate (ffprobe's
     * `r_frame_rate`), the nominal rate of a variable-rate stream; 0 when unknown.
     */
    baseFrameRate: number;
    /** Presentation time of the first frame in seconds, on the source's timeline. */
    startTime: number;
    /** Clockwise rotation from the display matrix, in degrees. */
    rotation: number;
    pixelFormat: string;
  };
  audio?: {
    codec: string;
    channels: number;
    /** Presentation time of the first sample in seconds, on the source's timeline. */
    startTime: number;
  };
  /** Languages of the subtitle streams inside the file, in stream order. */
  subtitleStreams: { index: number; language: string; codec: string }[];
}

interface FfprobeStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  pix_fmt?: string;
  channels?: number;
  start_time?: string;
  disposition?: { attached_pic?: number };
  tags?: { language?: string; rotate?: string };
  side_data_list?: { rotation?: number }[];
}

/** Returns what the file contains, or throws when ffprobe cannot read it as media. */
export async function probe(ffprobe: string, path: string): Promise<ProbeResult> {
  const { stdout } = await runTool(
    ffprobe,
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path],
    { timeoutMs: 60_000 },
  );
  const data = JSON.parse(stdout) as {
    format?: { format_name?: string; duration?: string; start_time?: string };
    streams?: FfprobeStream[];
  };
  const streams = data.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audio = streams.find((s) => s.codec_type === 'audio');
  return {
    format: data.format?.format_name ?? 'unknown',
    duration: Number(data.format?.duration) || 0,
    startTime: Number(data.format?.start_time) || 0,
    video: video && {
      codec: video.codec_name ?? 'unknown',
      width: video.width ?? 0,
      height: video.height ?? 0,
      frameRate: parseRate(video.avg_frame_rate) || parseRate(video.r_frame_rate) || 30,
      baseFrameRate: parseRate(video.r_frame_rate),
      startTime: Number(video.start_time) || 0,
      rotation: rotationOf(video),
      pixelFormat: video.pix_fmt ?? 'unknown',
    },
    audio: audio && {
      codec: audio.codec_name ?? 'unknown',
      channels: audio.channels ?? 2,
      startTime: Number(audio.start_time) || 0,
    },
    subtitleStreams: streams
      .filter((s) => s.codec_type === 'subtitle')
      .map((s) => ({
        index: s.index,
        language: s.tags?.language ?? 'und',
        codec: s.codec_name ?? '',
      })),
  };
}

function parseRate(rate: string | undefined): number {
  if (!rate) return 0;
  const [num, den] = rate.split('/').map(Number);
  return num && den ? num / den : 0;
}

function rotationOf(stream: FfprobeStream): number {
  const fromSideData = stream.side_data_list?.find((d) => d.rotation !== undefined)?.rotation;
  // The display matrix stores counter-clockwise degrees; the old `rotate` tag stores clockwise.
  const degrees = fromSideData !== undefined ? -fromSideData : Number(stream.tags?.rotate ?? 0);
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}
