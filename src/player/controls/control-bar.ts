/** The control bar, composed from the pieces of this folder. */
import { html, nothing, type TemplateResult } from 'lit';
import type { EngineLevel, EngineSubtitleTrack } from '../engine/index.js';
import {
  renderFullscreenButton,
  renderPictureInPictureButton,
  renderPlayButton,
  renderTime,
  renderVolume,
} from './buttons.js';
import type { MenuName } from './menu.js';
import { renderQualityMenu, renderSpeedMenu, renderSubtitlesMenu } from './menus.js';
import { renderSeekBar } from './seek-bar.js';
import type { StoryboardTile } from './storyboard.js';

/** Everything the control bar shows. */
export interface ControlBarState {
  paused: boolean;
  position: number;
  duration: number;
  buffered: TimeRanges;
  hoverPosition: number | null;
  hoverTile: StoryboardTile | undefined;
  volume: number;
  muted: boolean;
  rate: number;
  fullscreen: boolean;
  /** Whether picture-in-picture is available: null hides its button. */
  pictureInPicture: boolean | null;
  levels: readonly EngineLevel[];
  currentLevel: number;
  /** Height of the rendition playing, or null before one plays. */
  currentHeight: number | null;
  autoLevel: boolean;
  subtitleTracks: readonly EngineSubtitleTrack[];
  subtitleTrack: number;
  openMenu: MenuName | null;
}

/** Actions that the control bar requests from the player. */
export interface ControlBarActions {
  togglePlay(): void;
  seek(position: number): void;
  hoverSeek(position: number | null): void;
  toggleMute(): void;
  setVolume(volume: number): void;
  setRate(rate: number): void;
  setLevel(index: number): void;
  setSubtitleTrack(index: number): void;
  toggleMenu(name: MenuName | null): void;
  toggleFullscreen(): void;
  togglePictureInPicture(): void;
}

/**
 * Renders the bar (`::part(control-bar)`) with a `controls-end` slot
 * before the fullscreen button for the page's own buttons. The quality menu
 * appears when there is a rung to choose from or, where the browser picks
 * renditions itself (native HLS), as a lone Auto item with the height in use.
 */
export function renderControlBar(
  state: ControlBarState,
  actions: ControlBarActions,
): TemplateResult {
  const toggle = actions.toggleMenu;
  const quality =
    state.levels.length > 1 || state.currentHeight !== null
      ? renderQualityMenu({
          levels: state.levels.length > 1 ? state.levels : [],
          currentLevel: state.currentLevel,
          currentHeight: state.currentHeight,
          autoLevel: state.autoLevel,
          openMenu: state.openMenu,
          toggle,
          setLevel: actions.setLevel,
        })
      : nothing;
  const subtitles =
    state.subtitleTracks.length > 0
      ? renderSubtitlesMenu({
          tracks: state.subtitleTracks,
          current: state.subtitleTrack,
          openMenu: state.openMenu,
          toggle,
          setTrack: actions.setSubtitleTrack,
        })
      : nothing;

  return html`<div class="control-bar" part="control-bar">
    ${renderSeekBar({
      position: state.position,
      duration: state.duration,
      buffered: state.buffered,
      hoverPosition: state.hoverPosition,
      hoverTile: state.hoverTile,
      seek: actions.seek,
      hover: actions.hoverSeek,
    })}
    <div class="control-row">
      ${renderPlayButton(state.paused, actions.togglePlay)}
      ${renderVolume({
        volume: state.volume,
        muted: state.muted,
        toggleMute: actions.toggleMute,
        setVolume: actions.setVolume,
      })}
      ${renderTime(state.position, state.duration)}
      <span class="spacer"></span>
      ${subtitles} ${quality}
      ${renderSpeedMenu({ rate: state.rate, openMenu: state.openMenu, toggle, setRate: actions.setRate })}
      <slot name="controls-end"></slot>
      ${
        state.pictureInPicture === null
          ? nothing
          : renderPictureInPictureButton(state.pictureInPicture, actions.togglePictureInPicture)
      }
      ${renderFullscreenButton(state.fullscreen, actions.toggleFullscreen)}
    </div>
  </div>`;
}
