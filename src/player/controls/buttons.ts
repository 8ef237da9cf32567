/** Buttons and read-outs of the control bar. */
import { html, type TemplateResult } from 'lit';
import {
  exitFullscreenIcon,
  fullscreenIcon,
  mutedIcon,
  pauseIcon,
  pipIcon,
  playIcon,
  volumeIcon,
} from './icons.js';
import { formatTime } from './time.js';

/** Renders the large play button shown over the video before playback starts. */
export function renderBigPlayButton(onClick: () => void): TemplateResult {
  return html`<button
    type="button"
    class="big-play"
    part="big-play-button"
    aria-label="Play video"
    @click=${onClick}
  >
    ${playIcon}
  </button>`;
}

/** Renders the play/pause button of the control bar. */
export function renderPlayButton(paused: boolean, onClick: () => void): TemplateResult {
  return html`<button
    type="button"
    class="control"
    part="control play-button"
    aria-label=${paused ? 'Play' : 'Pause'}
    @click=${onClick}
  >
    ${paused ? playIcon : pauseIcon}
  </button>`;
}

export interface VolumeState {
  volume: number;
  muted: boolean;
  toggleMute(): void;
  setVolume(volume: number): void;
}

/** Renders the mute button and the volume slider (0 to 100 %). */
export function renderVolume(state: VolumeState): TemplateResult {
  const silent = state.muted || state.volume === 0;
  const percent = Math.round((state.muted ? 0 : state.volume) * 100);
  return html`<div class="volume" part="volume">
    <button
      type="button"
      class="control"
      part="control mute-button"
      aria-label=${silent ? 'Unmute' : 'Mute'}
      @click=${state.toggleMute}
    >
      ${silent ? mutedIcon : volumeIcon}
    </button>
    <input
      type="range"
      class="volume-slider"
      part="volume-slider"
      min="0"
      max="100"
      step="5"
      aria-label="Volume"
      aria-valuetext="${percent}%"
      .value=${String(percent)}
      @input=${(event: Event) => {
        state.setVolume(Number((event.target as HTMLInputElement).value) / 100);
      }}
    />
  </div>`;
}

/** Renders the position and duration read-out, e.g. `0:03 / 0:10`. */
export function renderTime(position: number, duration: number): TemplateResult {
  return html`<span class="time" part="time">
    <span part="current-time">${formatTime(position)}</span>
    <span aria-hidden="true">/</span>
    <span part="duration">${formatTime(duration)}</span>
  </span>`;
}

/** Renders the picture-in-picture toggle. */
export function renderPictureInPictureButton(active: boolean, onClick: () => void): TemplateResult {
  return html`<button
    type="button"
    class="control"
    part="control pip-button"
    aria-label="Picture-in-picture"
    aria-pressed=${active ? 'true' : 'false'}
    @click=${onClick}
  >
    ${pipIcon}
  </button>`;
}

/**
 * Renders the Unmute button (`::part(unmute-button)`) shown over the video
 * after autoplay had to fall back to muted playback.
 */
export function renderUnmuteButton(onClick: () => void): TemplateResult {
  return html`<button type="button" class="unmute" part="unmute-button" @click=${onClick}>
    ${mutedIcon}<span>Unmute</span>
  </button>`;
}

/** Renders the fullscreen toggle. */
export function renderFullscreenButton(active: boolean, onClick: () => void): TemplateResult {
  return html`<button
    type="button"
    class="control"
    part="control fullscreen-button"
    aria-label=${active ? 'Exit fullscreen' : 'Fullscreen'}
    @click=${onClick}
  >
    ${active ? exitFullscreenIcon : fullscreenIcon}
  </button>`;
}
