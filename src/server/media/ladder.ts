/**
 * The H.264/AAC ladder. Bitrates are near those of Apple's HLS authoring
 * specification for 30 fps H.264; rungs above the source are never made.
 */

export interface Rung {
  /** The rung's name as a height in pixels of landscape video, e.g. 720. */
  quality: number;
  width: number;
  height: number;
  /** Target video bitrate in kbit/s. */
  videoKbps: number;
}

const LADDER = [
  { quality: 360, videoKbps: 730 },
  { quality: 540, videoKbps: 2000 },
  { quality: 720, videoKbps: 3000 },
  { quality: 1080, videoKbps: 6000 },
];

/** Audio bitrate of every rung in kbit/s. */
export const AUDIO_KBPS = 128;

/**
 * Returns the rungs for a source of `width` x `height` as displayed (after
 * rotation). The shorter side decides the rung, so portrait video gets the
 * same ladder as landscape. A source below 360 gets one rung at its own size.
 */
export function ladderFor(width: number, height: number): Rung[] {
  const short = Math.min(width, height);
  const rungs = LADDER.filter((rung) => rung.quality <= short);
  if (rungs.length === 0) {
    return [{ quality: even(short), width: even(width), height: even(height), videoKbps: 400 }];
  }
  return rungs.map((rung) => {
    const scale = rung.quality / short;
    return {
      quality: rung.quality,
      width: even(width * scale),
      height: even(height * scale),
      videoKbps: rung.videoKbps,
    };
  });
}

/** Rounds down to an even number of at least 2, as H.264 with 4:2:0 requires. */
function even(value: number): number {
  return Math.max(2, Math.floor(value / 2) * 2);
}
