/** A polite live region through which the player announces state changes. */
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { TemplateResult } from 'lit';

/** Time after which an announcement is cleared, so a repeated one is read again, in milliseconds. */
const CLEAR_AFTER_MS = 5000;

/**
 * Holds the text of a visually hidden `role="status"` element. Screen
 * readers read each new text once the current speech ends.
 */
export class LiveRegion implements ReactiveController {
  private text = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** The text announced last, or an empty string once it was cleared. */
  get message(): string {
    return this.text;
  }

  /** Announces `text`, e.g. `Paused` or `Captions on: English`. */
  announce(text: string): void {
    this.text = text;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.text = '';
      this.host.requestUpdate();
    }, CLEAR_AFTER_MS);
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  render(): TemplateResult {
    return html`<div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      ${this.text}
    </div>`;
  }
}
