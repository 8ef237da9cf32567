/** The resume notice of a player, as a Lit reactive controller. */
import { nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { TemplateResult } from 'lit';
import { renderResumeNotice } from '../controls/overlays.js';
import { CNX_EVENTS, createCnxEvent, type CnxResumeDetail } from '../events.js';
import type { Logger } from '../logger.js';
import type { ResumeTracker } from './tracker.js';

/** How long the notice stays after an automatic resume, in milliseconds. */
export const RESUME_NOTICE_MS = 8000;

/** The parts of the player that the notice uses. */
export interface ResumeNoticeHost extends ReactiveControllerHost, EventTarget {
  currentTime: number;
}

/** Options of one resume notice. */
export interface ResumeNoticeOptions {
  /** Whether to ask first, with `resume="prompt"`, instead of resuming at once. */
  prompt: boolean;
  /** Saves position 0 when the viewer starts over. */
  tracker: ResumeTracker | undefined;
  /** Called once the viewer answered a prompt, to start playback that waited for it. */
  onAnswer?: () => void;
}

/**
 * Shows "Resumed at m:ss · Start over" after an automatic resume and fires
 * `cnx-resume`. With `resume="prompt"` it shows the question "Resume from m:ss?" first,
 * and fires `cnx-resume` only when the viewer accepts. Start over seeks to
 * 0 and saves position 0, locally and on the server.
 */
export class ResumeNotice implements ReactiveController {
  private state: { detail: CnxResumeDetail; options: ResumeNoticeOptions } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ResumeNoticeHost,
    private readonly logger: Logger,
  ) {
    host.addController(this);
  }

  /** Whether a prompt is waiting for the viewer's choice. */
  get prompting(): boolean {
    return this.state?.options.prompt ?? false;
  }

  /** Shows the notice for a resume at `detail.position`. */
  show(detail: CnxResumeDetail, options: ResumeNoticeOptions): void {
    this.state = { detail, options };
    clearTimeout(this.timer);
    if (!options.prompt) {
      this.host.dispatchEvent(createCnxEvent(CNX_EVENTS.resume, detail));
      this.timer = setTimeout(() => this.hide(), RESUME_NOTICE_MS);
    }
    this.host.requestUpdate();
  }

  hide(): void {
    clearTimeout(this.timer);
    if (!this.state) return;
    this.state = undefined;
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  render(): TemplateResult | typeof nothing {
    const state = this.state;
    if (!state) return nothing;
    return renderResumeNotice({
      position: state.detail.position,
      prompt: state.options.prompt,
      resume: () => this.resume(state.detail, state.options),
      startOver: () => this.startOver(state.options),
      dismiss: () => this.hide(),
    });
  }

  private resume(detail: CnxResumeDetail, options: ResumeNoticeOptions): void {
    this.hide();
    this.host.currentTime = detail.position;
    this.host.dispatchEvent(createCnxEvent(CNX_EVENTS.resume, detail));
    options.onAnswer?.();
  }

  private startOver(options: ResumeNoticeOptions): void {
    this.hide();
    this.host.currentTime = 0;
    this.logger.debug('starting over');
    options.tracker?.startOver();
    if (options.prompt) options.onAnswer?.();
  }
}
