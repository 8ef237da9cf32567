/** The control bar of a player as a Lit reactive controller: its state, actions and announcements. */
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { PlaybackEngine } from '../engine/index.js';
import type { Logger } from '../logger.js';
import type { TrackSync } from '../track-sync.js';
import { renderControlBar } from './control-bar.js';
import type { LiveRegion } from './live-region.js';
import type { MenuName } from './menu.js';
import type { Storyboard } from './storyboard.js';
import { formatProgress } from './time.js';

/** The player members that the controls read and set. */
export type ControlsHost = ReactiveControllerHost &
  HTMLElement & {
    readonly paused: boolean;
    readonly ended: boolean;
    readonly duration: number;
    readonly buffered: TimeRanges;
    readonly playbackEngine: PlaybackEngine | undefined;
    readonly renderRoot: HTMLElement | DocumentFragment;
    currentTime: number;
    volume: number;
    muted: boolean;
    playbackRate: number;
    play(): Promise<void>;
    pause(): void;
  };

/** Parts of the player that are not public members but that the controls use. */
export interface ControlsParts {
  tracks: TrackSync;
  liveRegion: LiveRegion;
  storyboard: Storyboard;
  logger: Logger;
  video(): HTMLVideoElement | undefined;
  /** Signal of the loaded title, which aborts the storyboard download. */
  signal(): AbortSignal | undefined;
  /** Whether playback has started since the title loaded. */
  started(): boolean;
}

/**
 * Renders the control bar, performs its actions and announces what they
 * change in the live region. Also closes an open menu when the pointer goes
 * down outside of it, and re-renders on fullscreen and picture-in-picture
 * changes.
 */
export class PlayerControls implements ReactiveController {
  /** The open menu, or null. */
  openMenu: MenuName | null = null;
  /** Position under the pointer on the seek bar, in seconds. */
  private hoverPosition: number | null = null;
  private lastMuted: boolean | undefined;
  private readonly onDisplayChange = () => this.host.requestUpdate();
  private readonly onPointerDown = (event: PointerEvent) => {
    if (!this.openMenu) return;
    const inMenu = event
      .composedPath()
      .some((node) => node instanceof HTMLElement && node.classList.contains('menu-wrapper'));
    if (!inMenu) this.toggleMenu(null);
  };

  constructor(
    private readonly host: ControlsHost,
    private readonly parts: ControlsParts,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('fullscreenchange', this.onDisplayChange);
    this.host.addEventListener('pointerdown', this.onPointerDown);
  }

  hostDisconnected(): void {
    document.removeEventListener('fullscreenchange', this.onDisplayChange);
    this.host.removeEventListener('pointerdown', this.onPointerDown);
  }

  /** Listens to the video's picture-in-picture changes, once it exists. */
  watchVideo(video: HTMLVideoElement): void {
    video.addEventListener('enterpictureinpicture', this.onDisplayChange);
    video.addEventListener('leavepictureinpicture', this.onDisplayChange);
  }

  togglePlay(): void {
    const host = this.host;
    if (host.paused)
      void host.play().catch((error) => this.parts.logger.debug('play() failed', error));
    else host.pause();
  }

  toggleSubtitles(): void {
    this.parts.tracks.toggleSubtitles();
    this.announceSubtitles();
  }

  toggleFullscreen(): void {
    const host = this.host;
    const request =
      document.fullscreenElement === host ? document.exitFullscreen() : host.requestFullscreen();
    request.catch((error: unknown) => this.parts.logger.warn('fullscreen request failed', error));
  }

  /** Announces play, pause, the end, mute changes and seek positions of the video. */
  announceMediaEvent(type: string): void {
    const host = this.host;
    const region = this.parts.liveRegion;
    if (type === 'play') region.announce('Playing');
    else if (type === 'pause' && !host.ended) region.announce('Paused');
    else if (type === 'ended') region.announce('Ended');
    else if (type === 'seeked' && this.parts.started()) {
      region.announce(formatProgress(host.currentTime, host.duration));
    } else if (type === 'volumechange' && host.muted !== this.lastMuted) {
      if (this.lastMuted !== undefined) region.announce(host.muted ? 'Muted' : 'Unmuted');
      this.lastMuted = host.muted;
    }
  }

  render(): TemplateResult {
    const host = this.host;
    const engine = host.playbackEngine;
    const video = this.parts.video();
    const hover = this.hoverPosition;
    return renderControlBar(
      {
        paused: host.paused,
        position: host.currentTime,
        duration: host.duration,
        buffered: host.buffered,
        hoverPosition: hover,
        hoverTile:
          hover === null ? undefined : this.parts.storyboard.tileAt(hover, this.parts.signal()),
        volume: host.volume,
        muted: host.muted,
        rate: host.playbackRate,
        fullscreen: document.fullscreenElement === host,
        pictureInPicture:
          document.pictureInPictureEnabled && video && !video.disablePictureInPicture
            ? document.pictureInPictureElement === video
            : null,
        levels: engine?.levels ?? [],
        currentLevel: engine?.currentLevel ?? -1,
        currentHeight: engine?.currentHeight ?? null,
        autoLevel: engine?.autoLevel ?? true,
        subtitleTracks: engine?.subtitleTracks ?? [],
        subtitleTrack: engine?.subtitleTrack ?? -1,
        openMenu: this.openMenu,
      },
      {
        togglePlay: () => this.togglePlay(),
        seek: (position) => (host.currentTime = position),
        hoverSeek: (position) => {
          this.hoverPosition = position;
          host.requestUpdate();
        },
        toggleMute: () => (host.muted = !host.muted),
        setVolume: (volume) => {
          host.volume = volume;
          if (volume > 0) host.muted = false;
        },
        setRate: (rate) => (host.playbackRate = rate),
        setLevel: (index) => this.chooseLevel(index),
        setSubtitleTrack: (index) => this.chooseSubtitleTrack(index),
        toggleMenu: (name) => this.toggleMenu(name),
        toggleFullscreen: () => this.toggleFullscreen(),
        togglePictureInPicture: () => this.togglePictureInPicture(),
      },
    );
  }

  private toggleMenu(name: MenuName | null): void {
    this.openMenu = name;
    this.host.requestUpdate();
    if (!name) return;
    // Focus moves into the menu once it is rendered, to the checked item.
    void this.host.updateComplete.then(() => {
      const selector = `[role="menu"] [aria-checked="true"]`;
      this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
    });
  }

  /** Picks a rendition on the viewer's request and announces it; -1 is Auto. */
  private chooseLevel(index: number): void {
    this.parts.tracks.chooseLevel(index);
    const height = this.host.playbackEngine?.levels[index]?.height;
    this.parts.liveRegion.announce(height ? `Quality ${height}p` : 'Quality Auto');
  }

  /** Shows a subtitle track on the viewer's request and announces it; -1 is Off. */
  private chooseSubtitleTrack(index: number): void {
    this.parts.tracks.chooseSubtitleTrack(index);
    this.announceSubtitles();
  }

  private announceSubtitles(): void {
    const engine = this.host.playbackEngine;
    const track = engine?.subtitleTracks.find((item) => item.index === engine.subtitleTrack);
    const text = track ? `Captions on: ${track.name || track.language}` : 'Captions off';
    this.parts.liveRegion.announce(text);
  }

  private togglePictureInPicture(): void {
    const video = this.parts.video();
    if (!video) return;
    const request =
      document.pictureInPictureElement === video
        ? document.exitPictureInPicture()
        : video.requestPictureInPicture();
    request.catch((error: unknown) =>
      this.parts.logger.warn('picture-in-picture request failed', error),
    );
  }
}
