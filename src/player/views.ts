/** View reporting: one `POST /v2/title/{id}/views` once the viewer has watched a few seconds. */
import { postView, type ViewReportRequest } from './api-client.js';
import type { Logger } from './logger.js';

/** Playback time after which a view is reported, in seconds. */
export const VIEW_THRESHOLD_SECONDS = 3;

/** Reports that fail are sent again after this many more seconds of playback, at most this often. */
const MAX_VIEW_REPORTS = 3;

/**
 * Counts the playback time of `video` and reports one view once it reaches
 * `VIEW_THRESHOLD_SECONDS`. Only advances of the position while playing at
 * normal steps count, so seeking does not add time. The server counts one
 * view per viewer, title and hour, so a reload within the hour adds none.
 */
export class ViewReporter {
  private watched = 0;
  private lastPosition: number | undefined;
  private attempts = 0;
  private reported = false;
  private sending = false;
  private readonly onTimeUpdate = () => this.onProgress();
  private readonly onDiscontinuity = () => (this.lastPosition = undefined);

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly request: ViewReportRequest,
    private readonly logger: Logger,
  ) {
    video.addEventListener('timeupdate', this.onTimeUpdate);
    video.addEventListener('seeking', this.onDiscontinuity);
    video.addEventListener('pause', this.onDiscontinuity);
  }

  stop(): void {
    this.video.removeEventListener('timeupdate', this.onTimeUpdate);
    this.video.removeEventListener('seeking', this.onDiscontinuity);
    this.video.removeEventListener('pause', this.onDiscontinuity);
  }

  private onProgress(): void {
    const video = this.video;
    if (video.paused || video.seeking) return;
    const position = video.currentTime;
    const step = this.lastPosition === undefined ? 0 : position - this.lastPosition;
    this.lastPosition = position;
    // timeupdate fires every 250 ms or so; a larger step is a jump, not playback.
    if (step > 0 && step < 1) this.watched += step;
    const due = VIEW_THRESHOLD_SECONDS * (this.attempts + 1);
    if (
      !this.reported &&
      !this.sending &&
      this.attempts < MAX_VIEW_REPORTS &&
      this.watched >= due
    ) {
      void this.report();
    }
  }

  private async report(): Promise<void> {
    this.sending = true;
    this.attempts += 1;
    try {
      const counted = await postView(this.request);
      this.reported = true;
      this.logger.debug('view reported', this.request.mediaId, counted ? 'counted' : 'not counted');
    } catch (error) {
      this.logger.warn('reporting the view failed', this.request.mediaId, error);
    } finally {
      this.sending = false;
    }
  }
}
