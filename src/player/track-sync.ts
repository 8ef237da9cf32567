/** Keeps the quality and subtitle choices of a player in step with its engine. */
import type { PlaybackEngine } from './engine/index.js';
import { CNX_EVENTS, createCnxEvent } from './events.js';

/** The parts of the player that the track logic uses. */
export interface TrackHost extends EventTarget {
  readonly playbackEngine: PlaybackEngine | undefined;
  requestUpdate(): void;
}

/**
 * Applies the viewer's quality and subtitle choices and fires
 * `cnx-quality-change` and `cnx-subtitles-change` when they change. A manual
 * quality choice is kept by height, so it also applies to the next title.
 */
export class TrackSync {
  private preferredHeight: number | null = null;
  private levelApplied = false;
  private lastQuality = '';
  private lastLanguage: string | null = null;

  constructor(private readonly host: TrackHost) {}

  /** Forgets the per-title state before a new title loads. */
  reset(): void {
    this.levelApplied = false;
    this.lastQuality = '';
    this.lastLanguage = null;
  }

  /** Handles a change reported by the engine. */
  sync(): void {
    const engine = this.host.playbackEngine;
    if (!engine) return;
    if (!this.levelApplied && engine.levels.length > 0) this.applyPreferredLevel(engine);
    this.dispatchChanges(engine);
    this.host.requestUpdate();
  }

  /** Picks a rendition by index on the viewer's request; -1 is Auto. */
  chooseLevel(index: number): void {
    const engine = this.host.playbackEngine;
    if (!engine) return;
    this.preferredHeight = index < 0 ? null : (engine.levels[index]?.height ?? null);
    engine.setLevel(index);
  }

  /** Shows a subtitle track by index on the viewer's request; -1 is Off. */
  chooseSubtitleTrack(index: number): void {
    this.host.playbackEngine?.setSubtitleTrack(index);
  }

  /**
   * Shows the subtitles in `language` when the engine lists a track of it.
   * The player calls this from `loadedmetadata` on, because hls.js picks its
   * default subtitle track after announcing the tracks and would undo an
   * earlier choice.
   */
  applyCaptions(language: string | null): void {
    const engine = this.host.playbackEngine;
    if (!language || !engine) return;
    const wanted = language.toLowerCase();
    const track = engine.subtitleTracks.find((candidate) => {
      const code = candidate.language.toLowerCase();
      return code === wanted || code.split('-')[0] === wanted;
    });
    if (!track) return;
    if (engine.subtitleTrack !== track.index) engine.setSubtitleTrack(track.index);
  }

  private applyPreferredLevel(engine: PlaybackEngine): void {
    this.levelApplied = true;
    if (this.preferredHeight === null) return;
    const level = engine.levels.find((candidate) => candidate.height === this.preferredHeight);
    if (level) engine.setLevel(level.index);
  }

  private dispatchChanges(engine: PlaybackEngine): void {
    const height = engine.levels[engine.currentLevel]?.height ?? null;
    const quality = `${engine.autoLevel}:${height}`;
    if (quality !== this.lastQuality && engine.levels.length > 0) {
      this.lastQuality = quality;
      this.host.dispatchEvent(
        createCnxEvent(CNX_EVENTS.qualityChange, { auto: engine.autoLevel, height }),
      );
    }
    const track = engine.subtitleTracks.find((item) => item.index === engine.subtitleTrack);
    const language = track?.language ?? null;
    if (language !== this.lastLanguage) {
      this.lastLanguage = language;
      this.host.dispatchEvent(createCnxEvent(CNX_EVENTS.subtitlesChange, { language }));
    }
  }
}
