/** The resume notice of a player, as a Lit reactive controller. */
import { nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { TemplateResult } from 'lit';
import { renderResumeNotice } from '../controls/overlays.js';
import { CNX_EVENTS, createCnxEvent, type CnxResumeDetail } from '../events.js';
import type { Logger } from '../logger.js';
import { clearResume } from './store.js';

/** How long the notice stays after an automatic resume, in milliseconds. */
export const RESUME_NOTICE_MS = 8000;

/** The parts of the player that the notice uses. */
export interface ResumeNoticeHost extends ReactiveControllerHost, EventTarget {
  currentTime: number;
}

/**
 * Shows "Resumed at m:ss · Start over" after an automatic resume and fires
 * `cnx-resume`. With `resume="prompt"` it offers to resume first, and fires
 * `cnx-resume` only when the viewer accepts. Start over seeks to 0 and
 * removes the saved record.
 */
export class ResumeNotice implements ReactiveController {
  private state: { detail: CnxResumeDetail; prompt: boolean; key: string } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ResumeNoticeHost,
    private readonly logger: Logger,
  ) {
    host.addController(this);
  }

  /** Whether a prompt is waiting for the viewer's choice. */
  get prompting(): boolean {
    return this.state?.prompt ?? false;
  }

  /** Shows the notice for a resume at `detail.position` of the record under `key`. */
  show(detail: CnxResumeDetail, prompt: boolean, key: string): void {
    this.state = { detail, prompt, key };
    clearTimeout(this.timer);
    if (!prompt) {
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
      prompt: state.prompt,
      resume: () => this.resume(),
      startOver: () => this.startOver(state.key),
      dismiss: () => this.hide(),
    });
  }

  private resume(): void {
    const detail = this.state?.detail;
    this.hide();
    if (!detail) return;
    this.host.currentTime = detail.position;
    this.host.dispatchEvent(createCnxEvent(CNX_EVENTS.resume, detail));
  }

  private startOver(key: string): void {
    this.hide();
    this.host.currentTime = 0;
    clearResume(key).catch((error) => this.logger.warn('removing the record failed', key, error));
  }
}
