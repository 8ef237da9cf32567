/** Keyboard shortcuts of a player, active while focus is within it. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Seconds that ← and → seek. */
export const ARROW_SEEK_SECONDS = 5;
/** Seconds that J and L seek. */
export const JUMP_SEEK_SECONDS = 10;
/** Volume change of ↑ and ↓, on the 0 to 1 scale. */
export const VOLUME_STEP = 0.1;

/** The player members that the shortcuts read and set. */
export type ShortcutHost = ReactiveControllerHost &
  HTMLElement & {
    readonly duration: number;
    currentTime: number;
    volume: number;
    muted: boolean;
  };

/** The player actions that the shortcuts call. */
export interface ShortcutActions {
  togglePlay(): void;
  toggleFullscreen(): void;
  toggleSubtitles(): void;
}

/** Input types that accept typed text; keys typed into them are never shortcuts. */
const TEXT_INPUT_TYPES = new Set([
  'text',
  'search',
  'email',
  'url',
  'tel',
  'password',
  'number',
  'date',
  'datetime-local',
  'month',
  'time',
  'week',
]);

/** Returns whether `node` takes typed text: a text input, a textarea, a select or editable content. */
export function isTextEntry(node: EventTarget): boolean {
  if (!(node instanceof HTMLElement)) return false;
  if (node.isContentEditable) return true;
  if (node instanceof HTMLTextAreaElement || node instanceof HTMLSelectElement) return true;
  return node instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(node.type);
}

/**
 * Handles `keydown` on the host. Events reach the host only from focused
 * elements inside it, so a page with several players drives only the
 * focused one. The composed path is checked, so text fields in the light
 * DOM or inside another component's shadow root keep their keys. Keys that
 * are no shortcut, and keys with Ctrl, Meta or Alt, are left alone.
 */
export class KeyboardShortcuts implements ReactiveController {
  private readonly onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const path = event.composedPath();
    if (path.some(isTextEntry)) return;
    // Space and Enter on a focused button press that button instead.
    if (event.key === ' ' && path[0] instanceof HTMLButtonElement) return;
    if (this.handle(event.key)) event.preventDefault();
  };

  constructor(
    private readonly host: ShortcutHost,
    private readonly actions: ShortcutActions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('keydown', this.onKeyDown);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('keydown', this.onKeyDown);
  }

  /** Performs the shortcut of `key`. Returns false when `key` is not a shortcut. */
  handle(key: string): boolean {
    const host = this.host;
    if (/^[0-9]$/.test(key)) {
      this.seekTo((this.knownDuration() * Number(key)) / 10);
      return true;
    }
    switch (key.length === 1 ? key.toLowerCase() : key) {
      case ' ':
      case 'k':
        this.actions.togglePlay();
        return true;
      case 'ArrowLeft':
        this.seekTo(host.currentTime - ARROW_SEEK_SECONDS);
        return true;
      case 'ArrowRight':
        this.seekTo(host.currentTime + ARROW_SEEK_SECONDS);
        return true;
      case 'j':
        this.seekTo(host.currentTime - JUMP_SEEK_SECONDS);
        return true;
      case 'l':
        this.seekTo(host.currentTime + JUMP_SEEK_SECONDS);
        return true;
      case 'ArrowUp':
        this.changeVolume(VOLUME_STEP);
        return true;
      case 'ArrowDown':
        this.changeVolume(-VOLUME_STEP);
        return true;
      case 'm':
        host.muted = !host.muted;
        return true;
      case 'f':
        this.actions.toggleFullscreen();
        return true;
      case 'c':
        this.actions.toggleSubtitles();
        return true;
      case 'Home':
        this.seekTo(0);
        return true;
      case 'End':
        this.seekTo(this.knownDuration());
        return true;
      default:
        return false;
    }
  }

  private knownDuration(): number {
    const duration = this.host.duration;
    return Number.isFinite(duration) && duration > 0 ? duration : 0;
  }

  private seekTo(position: number): void {
    this.host.currentTime = Math.min(Math.max(position, 0), this.knownDuration());
  }

  /** Changes the volume by `delta`, rounded to whole percent; raising it also unmutes. */
  private changeVolume(delta: number): void {
    const host = this.host;
    const volume = Math.round((host.volume + delta) * 100) / 100;
    host.volume = Math.min(Math.max(volume, 0), 1);
    if (delta > 0) host.muted = false;
  }
}
