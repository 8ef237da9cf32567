/** Hides the controls of a playing player after a pause in pointer, focus and key activity. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Inactivity after which the controls hide during playback, in milliseconds. */
export const IDLE_MS = 3000;

/** The attribute set on the host while the controls are hidden. */
export const IDLE_ATTRIBUTE = 'data-idle';

type IdleHost = ReactiveControllerHost & HTMLElement & { readonly paused: boolean };

/**
 * Sets `data-idle` on the host once it has played for `IDLE_MS` without
 * pointer movement, focus changes or key presses; the styles fade the
 * control bar out while it is set. Activity and pausing remove it again.
 */
export class IdleController implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onActivity = () => this.wake();

  /** `isBusy` returns true while something, such as an open menu, must keep the controls. */
  constructor(
    private readonly host: IdleHost,
    private readonly isBusy: () => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    for (const type of ['pointermove', 'pointerdown', 'focusin', 'keydown']) {
      this.host.addEventListener(type, this.onActivity);
    }
  }

  hostDisconnected(): void {
    for (const type of ['pointermove', 'pointerdown', 'focusin', 'keydown']) {
      this.host.removeEventListener(type, this.onActivity);
    }
    this.stop();
  }

  /** Shows the controls and restarts the countdown. */
  wake(): void {
    this.host.removeAttribute(IDLE_ATTRIBUTE);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.host.paused && !this.isBusy()) this.host.setAttribute(IDLE_ATTRIBUTE, '');
    }, IDLE_MS);
  }

  /** Shows the controls and stops the countdown, e.g. on pause or teardown. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.host.removeAttribute(IDLE_ATTRIBUTE);
  }
}
