/** Styles of `<cnx-player>`, themable through the `--cnx-*` custom properties. */
import { css } from 'lit';

export const playerStyles = css`
  :host {
    --_accent: var(--cnx-accent-color, #3b82f6);
    --_focus: var(--cnx-focus-ring-color, var(--_accent));
    --_fg: var(--cnx-control-color, #fff);
    --_bar-bg: var(--cnx-control-bar-background, linear-gradient(transparent, rgb(0 0 0 / 0.75)));
    --_menu-bg: var(--cnx-menu-background, rgb(20 20 24 / 0.95));
    display: block;
    position: relative;
    aspect-ratio: var(--cnx-aspect-ratio, 16 / 9);
    background: var(--cnx-background, #000);
    color: var(--_fg);
    font-family: var(--cnx-font-family, system-ui, sans-serif);
    font-size: var(--cnx-font-size, 14px);
    line-height: 1.4;
    overflow: hidden;
    border-radius: var(--cnx-border-radius, 0);
  }
  :host([hidden]) {
    display: none;
  }
  :host(:focus-visible) {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  video {
    width: 100%;
    height: 100%;
    display: block;
    object-fit: contain;
  }
  button {
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .control {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    min-width: 36px;
    height: 36px;
    padding: 0 6px;
    border-radius: 4px;
  }
  .control:hover {
    background: rgb(255 255 255 / 0.15);
  }
  .big-play {
    position: absolute;
    inset: 50% auto auto 50%;
    translate: -50% -50%;
    width: 72px;
    height: 72px;
    border-radius: 50%;
    background: rgb(0 0 0 / 0.6);
    display: grid;
    place-items: center;
  }
  .big-play svg {
    width: 40px;
    height: 40px;
  }
  .control-bar {
    position: absolute;
    inset: auto 0 0 0;
    padding: 24px 8px 4px;
    background: var(--_bar-bg);
    transition: opacity 0.25s;
  }
  :host([data-idle]) .control-bar {
    opacity: 0;
  }
  :host([data-idle]) {
    cursor: none;
  }
  /*
   * Chromium draws the video's cues in this pseudo-element, so moving it keeps the captions
   * above the control bar while the bar shows, and lets them go back down with it.
   * NOTE: only Chromium was checked. WebKit has the same pseudo-element, and Firefox has none,
   * so there the cues stay under the bar.
   */
  video::-webkit-media-text-track-container {
    transition: translate 0.25s;
  }
  :host(:not([data-idle])) video::-webkit-media-text-track-container {
    translate: 0 calc(-1 * var(--_captions-lift, 0px));
  }
  .control-row {
    display: flex;
    align-items: center;
    gap: 2px;
  }
  .spacer {
    flex: 1;
  }
  .time {
    padding: 0 8px;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .volume {
    display: flex;
    align-items: center;
  }
  .volume-slider {
    width: 72px;
    accent-color: var(--_accent);
  }
  .seek {
    position: relative;
    height: 16px;
  }
  .seek-track {
    position: absolute;
    inset: 6px 0;
    background: rgb(255 255 255 / 0.25);
    border-radius: 2px;
  }
  .seek-buffered,
  .seek-played {
    position: absolute;
    top: 0;
    bottom: 0;
    left: 0;
    border-radius: 2px;
  }
  .seek-buffered {
    background: rgb(255 255 255 / 0.4);
  }
  .seek-played {
    background: var(--_accent);
  }
  .seek-input {
    position: absolute;
    inset: 0;
    width: 100%;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }
  .seek:has(.seek-input:focus-visible) .seek-track {
    outline: 2px solid var(--_focus);
    outline-offset: 3px;
  }
  .seek-preview {
    position: absolute;
    bottom: 100%;
    translate: -50% -8px;
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 4px;
    pointer-events: none;
  }
  .seek-preview-image {
    display: block;
    border-radius: 4px;
    background-repeat: no-repeat;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.5);
  }
  .seek-preview-time {
    padding: 2px 6px;
    border-radius: 4px;
    background: rgb(0 0 0 / 0.75);
    font-variant-numeric: tabular-nums;
  }
  .unmute {
    position: absolute;
    top: 12px;
    right: 12px;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 6px 12px 6px 8px;
    border-radius: 6px;
    background: rgb(0 0 0 / 0.7);
  }
  .menu-wrapper {
    position: relative;
  }
  .menu-value {
    font-size: 12px;
  }
  .menu {
    position: absolute;
    right: 0;
    bottom: 100%;
    margin-bottom: 8px;
    min-width: 140px;
    padding: 4px;
    display: flex;
    flex-direction: column;
    background: var(--_menu-bg);
    border-radius: 6px;
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.4);
  }
  .menu-item {
    text-align: left;
    padding: 6px 10px 6px 28px;
    border-radius: 4px;
    position: relative;
  }
  .menu-item:hover,
  .menu-item:focus-visible {
    background: rgb(255 255 255 / 0.15);
  }
  .menu-item[aria-checked='true']::before {
    content: '✓';
    position: absolute;
    left: 10px;
  }
  .loading {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    pointer-events: none;
  }
  .spinner {
    width: 48px;
    height: 48px;
    border: 4px solid rgb(255 255 255 / 0.3);
    border-top-color: var(--_fg);
    border-radius: 50%;
    animation: spin 0.9s linear infinite;
  }
  @keyframes spin {
    to {
      rotate: 360deg;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 3s;
    }
  }
  .error-panel {
    position: absolute;
    inset: 0;
    display: grid;
    place-content: center;
    gap: 12px;
    text-align: center;
    background: rgb(0 0 0 / 0.8);
  }
  .retry,
  .resume-notice button {
    padding: 6px 14px;
    border-radius: 4px;
    background: rgb(255 255 255 / 0.15);
  }
  .resume-notice {
    position: absolute;
    top: 12px;
    left: 12px;
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 6px 8px 6px 12px;
    border-radius: 6px;
    background: rgb(0 0 0 / 0.7);
  }
`;
