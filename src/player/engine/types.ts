/** The interface that both playback engines implement. */
import type { PlayerError } from '../errors.js';

/** One rendition of the title. */
export interface EngineLevel {
  /** Index to pass to `setLevel`. */
  index: number;
  width: number;
  height: number;
  /** Peak bitrate in bits per second. */
  bitrate: number;
}

/** One subtitle rendition of the title. */
export interface EngineSubtitleTrack {
  /** Index to pass to `setSubtitleTrack`. */
  index: number;
  /** Language code, e.g. `en`. */
  language: string;
  /** Label from the rendition's NAME, e.g. `English`. */
  name: string;
}

/** Callbacks through which an engine reports changes to the element. */
export interface EngineListener {
  /** The levels or subtitle tracks changed, or the level or track in use did. */
  onTracksChange(): void;
  /**
   * The media server rejected a media URL (HTTP 403 or 410), which is how
   * signed URLs expire. The engine has stopped loading; the element fetches
   * fresh URLs and calls `load` again at `position` seconds.
   */
  onMediaUrlRejected(status: number, position: number): void;
  /** A fatal error ended playback after the engine's own recovery attempts. */
  onFatalError(error: PlayerError): void;
}

/** A way of playing an HLS master playlist in a video element. */
export interface PlaybackEngine {
  readonly kind: 'hls.js' | 'native';
  /**
   * Starts loading `url` so that playback begins at `startPosition` seconds.
   * Calling it again replaces the source, e.g. with freshly signed URLs.
   */
  load(url: string, startPosition: number): void;
  /** Renditions, lowest first; empty when the engine cannot choose them. */
  readonly levels: readonly EngineLevel[];
  /** Index of the rendition playing now, or -1 when unknown. */
  readonly currentLevel: number;
  /** Height in pixels of the rendition playing now, or null before one plays. */
  readonly currentHeight: number | null;
  /** Whether the engine chooses the rendition itself. */
  readonly autoLevel: boolean;
  /** Picks a rendition by index; -1 turns adaptive selection back on. */
  setLevel(index: number): void;
  readonly subtitleTracks: readonly EngineSubtitleTrack[];
  /** Index of the shown subtitle track, or -1 when subtitles are off. */
  readonly subtitleTrack: number;
  /** Shows a subtitle track by index; -1 hides subtitles. */
  setSubtitleTrack(index: number): void;
  /** Stops every download and detaches from the video element. */
  destroy(): void;
}
