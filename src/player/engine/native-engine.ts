/** Playback through the browser's own HLS support, for browsers without MSE. */
import { PlayerError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { EngineLevel, EngineListener, EngineSubtitleTrack, PlaybackEngine } from './types.js';

// NOTE: no browser test covers this engine, because Chromium has MSE and
// always gets hls.js. It is written for Safari on iOS before 17.1.
/**
 * Engine that sets the playlist as the video's source. The browser chooses
 * renditions itself, so `levels` is empty, and exposes the subtitle
 * renditions as text tracks of the video.
 */
export class NativeEngine implements PlaybackEngine {
  readonly kind = 'native';
  readonly levels: readonly EngineLevel[] = [];
  readonly currentLevel = -1;
  readonly autoLevel = true;
  // NOTE: a media element reports no HTTP status, so an expired signed URL
  // surfaces here as a fatal `network` error instead of a URL refresh.
  private readonly onError = () => {
    const error = this.video.error;
    this.logger.error('media error', error?.code, error?.message);
    const code = error?.code === MediaError.MEDIA_ERR_NETWORK ? 'network' : 'media';
    this.listener.onFatalError(new PlayerError(code, error?.message || undefined));
  };
  private readonly onTracksChange = () => this.listener.onTracksChange();

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly listener: EngineListener,
    private readonly logger: Logger,
  ) {
    video.addEventListener('error', this.onError);
    video.textTracks.addEventListener('addtrack', this.onTracksChange);
    video.textTracks.addEventListener('change', this.onTracksChange);
  }

  load(url: string, startPosition: number): void {
    this.logger.debug('loading natively', url, 'from', startPosition);
    // A media fragment makes the browser start at the position.
    this.video.src = startPosition > 0 ? `${url}#t=${startPosition}` : url;
  }

  /** The decoded height, since the browser picks the rendition without saying which. */
  get currentHeight(): number | null {
    return this.video.videoHeight || null;
  }

  setLevel(): void {
    // The browser chooses renditions itself.
  }

  get subtitleTracks(): EngineSubtitleTrack[] {
    return this.textTracks().map((track, index) => ({
      index,
      language: track.language,
      name: track.label || track.language,
    }));
  }

  get subtitleTrack(): number {
    return this.textTracks().findIndex((track) => track.mode === 'showing');
  }

  setSubtitleTrack(index: number): void {
    this.textTracks().forEach((track, trackIndex) => {
      track.mode = trackIndex === index ? 'showing' : 'disabled';
    });
  }

  destroy(): void {
    this.video.removeEventListener('error', this.onError);
    this.video.textTracks.removeEventListener('addtrack', this.onTracksChange);
    this.video.textTracks.removeEventListener('change', this.onTracksChange);
    this.video.removeAttribute('src');
    this.video.load();
  }

  private textTracks(): TextTrack[] {
    return Array.from(this.video.textTracks).filter(
      (track) => track.kind === 'subtitles' || track.kind === 'captions',
    );
  }
}
