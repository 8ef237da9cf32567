/** Measures the control bar, so the styles can draw the video's captions above it. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Custom property on the video with the control bar's height in pixels. */
export const CAPTIONS_LIFT_PROPERTY = '--_captions-lift';

type CaptionsLiftHost = ReactiveControllerHost & { readonly renderRoot: ParentNode };

/**
 * Sets `--_captions-lift` on the video to the height of the rendered
 * control bar, or 0px while there is none (the error panel). The styles
 * move the native cues up by that height while the controls are not idle.
 */
export class CaptionsLift implements ReactiveController {
  private bar: HTMLElement | null = null;
  // Rendering on a server has no ResizeObserver, and nothing to measure either.
  private readonly observer =
    typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => this.measure());

  constructor(
    private readonly host: CaptionsLiftHost,
    private readonly video: () => HTMLVideoElement | undefined,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const bar = this.host.renderRoot.querySelector<HTMLElement>('.control-bar');
    if (bar === this.bar) return;
    if (this.bar) this.observer?.unobserve(this.bar);
    this.bar = bar;
    if (bar) this.observer?.observe(bar);
    this.measure();
  }

  private measure(): void {
    const height = this.bar?.offsetHeight ?? 0;
    this.video()?.style.setProperty(CAPTIONS_LIFT_PROPERTY, `${height}px`);
  }
}
