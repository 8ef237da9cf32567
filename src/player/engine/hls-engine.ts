/** Playback through hls.js and Media Source Extensions. */
import type Hls from 'hls.js';
import type { ErrorData, HlsConfig } from 'hls.js';
import { PlayerError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { EngineLevel, EngineListener, EngineSubtitleTrack, PlaybackEngine } from './types.js';

/** Recovery attempts per error type before the error is reported as fatal. */
export const MAX_MEDIA_RECOVERIES = 2;
export const MAX_NETWORK_RETRIES = 3;

/** Buffer limits in seconds, kept small so long titles do not fill memory. */
const BUFFER_CONFIG: Partial<HlsConfig> = {
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

  constructor(
    private readonly HlsConstructor: HlsClass,
    private readonly video: HTMLVideoElement,
    private readonly listener: EngineListener,
    private readonly logger: Logger,
  ) {
    this.hls = new HlsConstructor({
      ...BUFFER_CONFIG,
      capLevelToPlayerSize: true,
      // Cues go to the video's own text tracks, so the browser renders them.
      renderTextTracksNatively: true,
      // The engine starts loading in load(), once the start position is known.
      autoStartLoad: false,
    });
    this.addListeners();
  }

  load(url: string, startPosition: number): void {
    this.logger.debug('loading', url, 'from', startPosition);
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
    this.hls.destroy();
  }

  private addListeners(): void {
    const { Events } = this.HlsConstructor;
    const onChange = () => this.listener.onTracksChange();
    this.hls.on(Events.MANIFEST_PARSED, onChange);
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
      this.retryTimer = setTimeout(() => this.hls.startLoad(this.video.currentTime), waitMs);
      return;
    }
    this.logger.error('fatal error', data.type, data.details, data.error);
    const code = data.type === ErrorTypes.NETWORK_ERROR ? 'network' : 'media';
    const status = data.response?.code;
    this.listener.onFatalError(
      new PlayerError(code, `hls.js reported ${data.type}: ${data.details}`, {
        status: typeof status === 'number' && status > 0 ? status : undefined,
        cause: data.error,
      }),
    );
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
