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
 * quality choice is kept by height and a subtitle choice by language, so
 * both survive seeks, quality switches, URL refreshes and the next title.
 */
export class TrackSync {
  private preferredHeight: number | null = null;
  /** Language to show, null for Off, undefined until the viewer chooses. */
  private preferredLanguage: string | null | undefined = undefined;
  /** Language shown before the last switch to Off, for the C shortcut. */
  private lastShownLanguage: string | null = null;
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

  /** Applies the choices again once the engine has reloaded the same title. */
  reapply(): void {
    this.levelApplied = false;
  }

  /** Handles a change reported by the engine. */
  sync(): void {
    const engine = this.host.playbackEngine;
    if (!engine) return;
    if (!this.levelApplied && engine.levels.length > 0) this.applyPreferredLevel(engine);
    this.enforceSubtitles(engine);
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
    const engine = this.host.playbackEngine;
    if (!engine) return;
    const track = engine.subtitleTracks.find((candidate) => candidate.index === index);
    this.preferredLanguage = track ? track.language : null;
    if (track) this.lastShownLanguage = track.language;
    engine.setSubtitleTrack(track ? track.index : -1);
  }

  /**
   * Turns subtitles off when they are shown, or else shows the language
   * shown last, falling back to the first track. Returns whether they are on.
   */
  toggleSubtitles(): boolean {
    const engine = this.host.playbackEngine;
    if (!engine || engine.subtitleTracks.length === 0) return false;
    if (engine.subtitleTrack >= 0) {
      this.chooseSubtitleTrack(-1);
      return false;
    }
    const track = this.findTrack(engine, this.lastShownLanguage) ?? engine.subtitleTracks[0]!;
    this.chooseSubtitleTrack(track.index);
    return true;
  }

  /**
   * Shows the subtitles in `language` when the engine lists a track of it.
   * The player calls this from `loadedmetadata` on, because hls.js picks its
   * default subtitle track after announcing the tracks and would undo an
   * earlier choice.
   */
  applyCaptions(language: string | null): void {
    if (language) {
      this.preferredLanguage = language;
      this.lastShownLanguage = language;
    }
    const engine = this.host.playbackEngine;
    if (engine) this.enforceSubtitles(engine);
  }

  /** Brings the engine's subtitle track in line with the preferred language or Off. */
  private enforceSubtitles(engine: PlaybackEngine): void {
    if (this.preferredLanguage === undefined) return;
    if (this.preferredLanguage === null) {
      if (engine.subtitleTrack >= 0) engine.setSubtitleTrack(-1);
      return;
    }
    const track = this.findTrack(engine, this.preferredLanguage);
    if (track && engine.subtitleTrack !== track.index) engine.setSubtitleTrack(track.index);
  }

  /** Finds the track of `language`, matching `en` to `en-US` too. */
  private findTrack(engine: PlaybackEngine, language: string | null) {
    if (!language) return undefined;
    const wanted = language.toLowerCase();
    return engine.subtitleTracks.find((candidate) => {
      const code = candidate.language.toLowerCase();
      return code === wanted || code.split('-')[0] === wanted;
    });
  }

  private applyPreferredLevel(engine: PlaybackEngine): void {
    this.levelApplied = true;
    if (this.preferredHeight === null) return;
    const level = engine.levels.find((candidate) => candidate.height === this.preferredHeight);
    if (level) engine.setLevel(level.index);
  }

  private dispatchChanges(engine: PlaybackEngine): void {
    const height = engine.currentHeight;
    const quality = `${engine.autoLevel}:${height}`;
    if (quality !== this.lastQuality && (engine.levels.length > 0 || height !== null)) {
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
