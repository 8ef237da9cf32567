/** Saves the playback position of one video while it plays. */
import type { Logger } from '../logger.js';
import { recordFor } from './policy.js';
import { writeResume } from './store.js';

/** Minimum time between two saves during playback, in milliseconds. */
export const RESUME_SAVE_INTERVAL_MS = 4000;

/**
 * Saves the position of `video` under `key`: at most every
 * `RESUME_SAVE_INTERVAL_MS` while playing, and at once on pause, seek, end,
 * page hide and on `stop()`. Save failures go to `onError` and never reach
 * playback.
 */
export class ResumeTracker {
  private lastSave = 0;
  private readonly onTimeUpdate = () => {
    if (Date.now() - this.lastSave >= RESUME_SAVE_INTERVAL_MS) this.save();
  };
  private readonly onSaveNow = () => this.save();
  private readonly onVisibilityChange = () => {
    if (document.visibilityState === 'hidden') this.save();
  };

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly key: string,
    private readonly logger: Logger,
    private readonly onError: (error: unknown) => void,
  ) {
    // The interval starts now, so the first periodic save comes one interval
    // into playback instead of rewriting the start position at once.
    this.lastSave = Date.now();
    video.addEventListener('timeupdate', this.onTimeUpdate);
    video.addEventListener('pause', this.onSaveNow);
    video.addEventListener('seeked', this.onSaveNow);
    video.addEventListener('ended', this.onSaveNow);
    window.addEventListener('pagehide', this.onSaveNow);
    document.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  /** Saves once more and removes every listener. */
  stop(): void {
    this.save();
    this.video.removeEventListener('timeupdate', this.onTimeUpdate);
    this.video.removeEventListener('pause', this.onSaveNow);
    this.video.removeEventListener('seeked', this.onSaveNow);
    this.video.removeEventListener('ended', this.onSaveNow);
    window.removeEventListener('pagehide', this.onSaveNow);
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
  }

  private save(): void {
    const video = this.video;
    // Before metadata the position is the default 0, not the viewer's.
    if (video.readyState < HTMLMediaElement.HAVE_METADATA) return;
    const position = video.ended ? video.duration : video.currentTime;
    const record = recordFor(position, video.duration, Date.now());
    this.lastSave = Date.now();
    if (!record) return;
    this.logger.debug('saving position', this.key, record);
    writeResume(this.key, record).catch(this.onError);
  }
}
