/** Choice of the playback engine for the current browser. */
import { PlayerError } from '../errors.js';
import type { Logger } from '../logger.js';
import { createHlsEngine } from './hls-engine.js';
import { NativeEngine } from './native-engine.js';
import type { EngineListener, PlaybackEngine } from './types.js';

export type { EngineLevel, EngineListener, EngineSubtitleTrack, PlaybackEngine } from './types.js';

/** Returns whether Media Source Extensions exist, in either form. */
export function hasMediaSource(): boolean {
  return (
    typeof window !== 'undefined' && ('MediaSource' in window || 'ManagedMediaSource' in window)
  );
}

/**
 * Creates the engine for `video`. hls.js is used whenever MSE exists, even
 * where the browser also claims native HLS (Chromium does), because hls.js
 * gives the player rendition and subtitle control. Native HLS is used only
 * without MSE, or when hls.js finds MSE unusable.
 */
export async function createEngine(
  video: HTMLVideoElement,
  listener: EngineListener,
  logger: Logger,
): Promise<PlaybackEngine> {
  if (hasMediaSource()) {
    const engine = await createHlsEngine(video, listener, logger);
    if (engine) return engine;
    logger.warn('hls.js is not supported here, trying native HLS');
  }
  if (video.canPlayType('application/vnd.apple.mpegurl')) {
    return new NativeEngine(video, listener, logger);
  }
  throw new PlayerError('unsupported');
}
