/** Playback through hls.js and Media Source Extensions. */
import type Hls from 'hls.js';
import type { ErrorData, HlsConfig } from 'hls.js';
import { PlayerError } from '../errors.js';
import type { Logger } from '../logger.js';
import { LevelCapWatcher } from './level-cap.js';
import type { EngineLevel, EngineListener, EngineSubtitleTrack, PlaybackEngine } from './types.js';

/** Recovery attempts per error type before the error is reported as fatal. */
export const MAX_MEDIA_RECOVERIES = 2;
export const MAX_NETWORK_RETRIES = 3;

/** HTTP statuses of media requests that mean the signed URL expired or was rejected. */
const REJECTED_URL_STATUSES = new Set([403, 410]);

/** Buffer limits in seconds, kept small so long titles do not fill memory. */
export const HLS_BUFFER_CONFIG: Readonly<Partial<HlsConfig>> = {
  maxBufferLength: 30,
  maxMaxBufferLength: 60,
  backBufferLength: 30,
};

type HlsClass = typeof Hls;

/** Engine around one hls.js instance attached to `video`. */
export class HlsEngine implements PlaybackEngine {
  readonly kind = 'hls.js';
  private readonly hls: Hls;
  private mediaRecoveries = 0;
  private networkRetries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private urlRejected = false;
  private url = '';
  /** Position that the current load starts at, until the video has metadata. */
  private startPosition = 0;
  private readonly capWatcher: LevelCapWatcher;

  constructor(
    private readonly HlsConstructor: HlsClass,
    private readonly video: HTMLVideoElement,
    private readonly listener: EngineListener,
    private readonly logger: Logger,
  ) {
    this.hls = new HlsConstructor({
      ...HLS_BUFFER_CONFIG,
      capLevelToPlayerSize: true,
      // Cues go to the video's own text tracks, so the browser renders them.
      renderTextTracksNatively: true,
      // The engine starts loading in load(), once the start position is known.
      autoStartLoad: false,
    });
    this.addListeners();
    // hls.js re-caps on resizes of the video. The watcher also lowers the
    // cap while the player is off screen and raises it again once visible.
    this.capWatcher = new LevelCapWatcher(
      video,
      () => this.levels,
      (cap) => {
        if (this.hls.autoLevelCapping !== cap) this.hls.autoLevelCapping = cap;
      },
    );
  }

  /** The hls.js configuration in use, for tests and diagnostics. */
  get config(): Readonly<HlsConfig> {
    return this.hls.config;
  }

  /** Highest rung index that adaptive selection may choose, or -1 for no cap. */
  get levelCap(): number {
    return this.hls.autoLevelCapping;
  }

  load(url: string, startPosition: number): void {
    this.logger.debug('loading', url, 'from', startPosition);
    this.url = url;
    this.startPosition = startPosition;
    this.urlRejected = false;
    this.networkRetries = 0;
    // startLoad(position) makes the first fragment requested the one that
    // contains the position, instead of loading from 0 and then seeking.
    this.hls.once(this.HlsConstructor.Events.MANIFEST_PARSED, () => {
      this.hls.startLoad(startPosition);
    });
    this.hls.loadSource(url);
    this.hls.attachMedia(this.video);
  }

  get levels(): EngineLevel[] {
    return this.hls.levels.map((level, index) => ({
      index,
      width: level.width,
      height: level.height,
      bitrate: level.bitrate,
    }));
  }

  get currentLevel(): number {
    return this.hls.currentLevel;
  }

  get currentHeight(): number | null {
    return this.hls.levels[this.hls.currentLevel]?.height ?? (this.video.videoHeight || null);
  }

  get autoLevel(): boolean {
    return this.hls.autoLevelEnabled;
  }

  setLevel(index: number): void {
    // currentLevel switches at once and flushes the buffer; -1 restores ABR.
    this.hls.currentLevel = index;
    this.listener.onTracksChange();
  }

  get subtitleTracks(): EngineSubtitleTrack[] {
    return this.hls.subtitleTracks.map((track, index) => ({
      index,
      language: track.lang ?? '',
      name: track.name,
    }));
  }

  get subtitleTrack(): number {
    return this.hls.subtitleDisplay ? this.hls.subtitleTrack : -1;
  }

  setSubtitleTrack(index: number): void {
    this.hls.subtitleDisplay = index >= 0;
    this.hls.subtitleTrack = index;
    this.listener.onTracksChange();
  }

  destroy(): void {
    clearTimeout(this.retryTimer);
    this.capWatcher.disconnect();
    this.hls.destroy();
  }

  private addListeners(): void {
    const { Events } = this.HlsConstructor;
    const onChange = () => this.listener.onTracksChange();
    this.hls.on(Events.MANIFEST_PARSED, onChange);
    this.hls.on(Events.MANIFEST_PARSED, () => this.capWatcher.evaluate());
    this.hls.on(Events.LEVEL_SWITCHED, onChange);
    this.hls.on(Events.SUBTITLE_TRACKS_UPDATED, onChange);
    this.hls.on(Events.SUBTITLE_TRACK_SWITCH, onChange);
    this.hls.on(Events.FRAG_BUFFERED, () => {
      // Loading works again, so later errors get a fresh set of retries.
      this.networkRetries = 0;
    });
    this.hls.on(Events.ERROR, (_event, data) => this.onError(data));
  }

  private onError(data: ErrorData): void {
    const { ErrorTypes } = this.HlsConstructor;
    const status = data.response?.code;
    const isNetwork = data.type === ErrorTypes.NETWORK_ERROR;
    if (isNetwork && status !== undefined && REJECTED_URL_STATUSES.has(status)) {
      this.onUrlRejected(status, data.details);
      return;
    }
    if (!data.fatal) {
      this.logger.debug('recoverable error', data.type, data.details);
      return;
    }
    if (data.type === ErrorTypes.MEDIA_ERROR && this.mediaRecoveries < MAX_MEDIA_RECOVERIES) {
      this.mediaRecoveries += 1;
      this.logger.warn('media error, recovering', data.details, this.mediaRecoveries);
      this.hls.recoverMediaError();
      return;
    }
    if (data.type === ErrorTypes.NETWORK_ERROR && this.networkRetries < MAX_NETWORK_RETRIES) {
      this.networkRetries += 1;
      const waitMs = 1000 * this.networkRetries;
      this.logger.warn('network error, retrying in', waitMs, 'ms:', data.details);
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.retry(data.details), waitMs);
      return;
    }
    this.logger.error('fatal error', data.type, data.details, data.error);
    const code = data.type === ErrorTypes.NETWORK_ERROR ? 'network' : 'media';
    this.listener.onFatalError(
      new PlayerError(code, `hls.js reported ${data.type}: ${data.details}`, {
        status: typeof status === 'number' && status > 0 ? status : undefined,
        cause: data.error,
      }),
    );
  }

  /**
   * Loads again after a network error. Without a parsed manifest there are
   * no levels to load, so a failed manifest is requested again instead.
   */
  private retry(details: string): void {
    const { ErrorDetails } = this.HlsConstructor;
    const manifestFailed =
      details === ErrorDetails.MANIFEST_LOAD_ERROR ||
      details === ErrorDetails.MANIFEST_LOAD_TIMEOUT ||
      details === ErrorDetails.MANIFEST_PARSING_ERROR;
    if (manifestFailed) this.hls.loadSource(this.url);
    else this.hls.startLoad(this.video.currentTime);
  }

  /**
   * Stops loading and reports a rejected media URL once per load. Every
   * request of a title carries the same token, so retrying other rungs or
   * fragments cannot help; only fresh URLs from `/embed` can.
   */
  private onUrlRejected(status: number, details: string): void {
    if (this.urlRejected) return;
    this.urlRejected = true;
    this.logger.warn('media URL rejected with HTTP', status, details);
    clearTimeout(this.retryTimer);
    this.hls.stopLoad();
    // Before metadata the video's position is 0, not the one this load asked for.
    const video = this.video;
    const position = video.readyState > 0 ? video.currentTime : this.startPosition;
    this.listener.onMediaUrlRejected(status, position);
  }
}

/**
 * Loads hls.js (its own chunk) and creates an engine on `video`. Returns
 * null when hls.js finds MSE unusable, for example without H.264 support.
 */
export async function createHlsEngine(
  video: HTMLVideoElement,
  listener: EngineListener,
  logger: Logger,
): Promise<HlsEngine | null> {
  const { default: HlsConstructor } = await import('hls.js');
  if (!HlsConstructor.isSupported()) return null;
  return new HlsEngine(HlsConstructor, video, listener, logger);
}
