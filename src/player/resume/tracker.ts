/** Saves the playback position of one video while it plays, locally and on the server. */
import type { Logger } from '../logger.js';
import { recordFor, startOverRecord, type ResumeRecord } from './policy.js';
import { writeResume } from './store.js';
import { pushResume, type SyncTarget } from './sync.js';

/** Minimum time between two saves during playback, in milliseconds. */
export const RESUME_SAVE_INTERVAL_MS = 4000;

/**
 * Saves the position of `video` to the local store and the server: at most
 * every `RESUME_SAVE_INTERVAL_MS` while playing, and at once on pause, seek,
 * end, page hide and on `stop()`. When the page is hidden the server write
 * uses `keepalive`, so it outlives the page. Local save failures go to
 * `onError`, and none reaches playback.
 */
export class ResumeTracker {
  private lastSave = 0;
  private readonly onTimeUpdate = () => {
    if (Date.now() - this.lastSave >= RESUME_SAVE_INTERVAL_MS) this.save();
  };
  private readonly onSaveNow = () => this.save();
  private readonly onPageHide = () => this.save({ keepalive: true });
  private readonly onVisibilityChange = () => {
    if (document.visibilityState === 'hidden') this.save({ keepalive: true });
  };

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly target: SyncTarget,
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
    window.addEventListener('pagehide', this.onPageHide);
    document.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  /** Saves position 0 now, so this device and others start the title over next time. */
  startOver(): void {
    const duration = this.video.duration;
    this.write(startOverRecord(duration, Date.now()), false);
  }

  /** Saves once more and removes every listener. */
  stop(): void {
    this.save();
    this.video.removeEventListener('timeupdate', this.onTimeUpdate);
    this.video.removeEventListener('pause', this.onSaveNow);
    this.video.removeEventListener('seeked', this.onSaveNow);
    this.video.removeEventListener('ended', this.onSaveNow);
    window.removeEventListener('pagehide', this.onPageHide);
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
  }

  private save({ keepalive = false } = {}): void {
    const video = this.video;
    // Before metadata the position is the default 0, not the viewer's.
    if (video.readyState < HTMLMediaElement.HAVE_METADATA) return;
    const position = video.ended ? video.duration : video.currentTime;
    const record = recordFor(position, video.duration, Date.now());
    this.lastSave = Date.now();
    if (record) this.write(record, keepalive);
  }

  // NOTE: the page-close tests run on the API's own origin. A cross-origin
  // keepalive PUT needs a CORS preflight, which no test runs during unload.
  private write(record: ResumeRecord, keepalive: boolean): void {
    this.logger.debug('saving position', this.target.key, record);
    writeResume(this.target.key, record).catch(this.onError);
    void pushResume(this.target, record, this.logger, { keepalive });
  }
}
