/** Autoplay with the muted fallback of `autoplay="muted"`. */

/** Outcome of an autoplay attempt. */
export type AutoplayOutcome = 'played' | 'played-muted' | 'blocked';

/**
 * Calls `video.play()`. When the browser blocks playback with sound
 * (`NotAllowedError`) and `mutedFallback` is set, it calls `onForcedMute`,
 * mutes the video and tries once more. A blocked muted attempt unmutes the
 * video again, so the forced mute never outlives the attempt. Other rejections, such as the `AbortError` of
 * a source change, count as blocked.
 */
export async function attemptAutoplay(
  video: HTMLVideoElement,
  mutedFallback: boolean,
  onForcedMute: () => void = () => {},
): Promise<AutoplayOutcome> {
  try {
    await video.play();
    return 'played';
  } catch (error) {
    if (!isNotAllowed(error) || !mutedFallback || video.muted) return 'blocked';
  }
  onForcedMute();
  video.muted = true;
  try {
    await video.play();
    return 'played-muted';
  } catch {
    video.muted = false;
    return 'blocked';
  }
}

function isNotAllowed(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'NotAllowedError';
}
