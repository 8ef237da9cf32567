/** Layers over the video: loading indicator, error panel and resume notice. */
import { html, type TemplateResult } from 'lit';
import { formatTime } from './time.js';

/** Renders the loading indicator (`::part(loading)`), announced to screen readers. */
export function renderLoading(): TemplateResult {
  return html`<div class="loading" part="loading" role="status" aria-label="Loading">
    <span class="spinner" aria-hidden="true"></span>
  </div>`;
}

/** Renders the error panel (`::part(error)`) with its retry button. */
export function renderErrorPanel(message: string, retry: () => void): TemplateResult {
  return html`<div class="error-panel" part="error" role="alert">
    <p class="error-message">${message}</p>
    <button type="button" class="retry" part="retry-button" aria-label="Retry" @click=${retry}>
      Retry
    </button>
  </div>`;
}

export interface ResumeNoticeState {
  position: number;
  /** True while the viewer has not yet chosen, with `resume="prompt"`. */
  prompt: boolean;
  resume(): void;
  startOver(): void;
  dismiss(): void;
}

/**
 * Renders the resume notice (`::part(resume-notice)`): "Resumed at m:ss ·
 * Start over", or with `resume="prompt"` a question with both choices.
 */
export function renderResumeNotice(state: ResumeNoticeState): TemplateResult {
  const time = formatTime(state.position);
  const resumeButton = html`<button
    type="button"
    part="resume-button"
    aria-label="Resume at ${time}"
    @click=${state.resume}
  >
    Resume
  </button>`;
  return html`<div class="resume-notice" part="resume-notice" role="status">
    <span>${state.prompt ? `Resume from ${time}?` : `Resumed at ${time}`}</span>
    <span aria-hidden="true">·</span>
    ${state.prompt ? resumeButton : ''}
    <button
      type="button"
      part="start-over-button"
      aria-label="Start over"
      @click=${state.startOver}
    >
      Start over
    </button>
    <button type="button" part="dismiss-button" aria-label="Dismiss" @click=${state.dismiss}>
      ×
    </button>
  </div>`;
}
