import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { DEFAULT_API_BASE } from './api-client.js';
import { attemptAutoplay } from './autoplay.js';
import { renderBigPlayButton, renderUnmuteButton } from './controls/buttons.js';
import { CaptionsLift } from './controls/captions-lift.js';
import { IdleController } from './controls/idle.js';
import { LiveRegion } from './controls/live-region.js';
import { renderErrorPanel, renderLoading } from './controls/overlays.js';
import { PlayerControls } from './controls/player-controls.js';
import { Storyboard } from './controls/storyboard.js';
import type { EngineListener, PlaybackEngine } from './engine/index.js';
import { isAbortError, PLAYER_ERRORS, PlayerError } from './errors.js';
import { CNX_EVENTS, createCnxEvent, MEDIA_EVENTS, type CnxEventMap } from './events.js';
import { KeyboardShortcuts } from './keyboard.js';
import { createLogger } from './logger.js';
import { MediaUrlRefresher } from './media-refresh.js';
import { parseResumeMode } from './resume/policy.js';
import { ResumeNotice } from './resume/notice.js';
import {
  openEngine,
  resolveTitle,
  startReporting,
  type PlaybackReporting,
  type ResolvedTitle,
} from './session.js';
import { playerStyles } from './styles.js';
import { MediaElement } from './media-element.js';
import { TrackSync } from './track-sync.js';

/** The `autoplay` attribute: absent, present, or `muted` to fall back to muted autoplay. */
export type AutoplayMode = boolean | 'muted';

const autoplayConverter = {
  fromAttribute(value: string | null): AutoplayMode {
    if (value === null) return false;
    return value === 'muted' ? 'muted' : true;
  },
};

/**
 * An adaptive video player for titles of the CloudNEXTRA v2 API, with a
 * media-element-like API and resume of the viewer's position.
 *
 * @attr media-id - Id of the title or upload to play.
 * @attr api-key - Public `cnx_embed_` key of the site.
 * @attr api-base - Base URL of the v2 API; defaults to `https://api.cloudnextra.one/v2`.
 * @attr viewer-token - Viewer token minted by the site's backend; resume then follows the viewer across devices.
 * @attr autoplay - Starts playback once loaded; `autoplay="muted"` retries muted when sound is blocked.
 * @attr muted - Starts muted.
 * @attr loop - Restarts at the end.
 * @attr start-time - Position to start at in seconds; overrides resume.
 * @attr poster - Image shown before playback; defaults to the title's poster.
 * @attr preload - `none` defers loading the media until play; `metadata` and `auto` load at once.
 * @attr resume - `auto` (default) resumes at the saved position, `prompt` offers to resume first, `off` never resumes.
 * @attr captions - Language code of the subtitles to show at start, e.g. `en`.
 * @attr debug - Logs the player's steps to the console.
 *
 * @fires cnx-ready - Metadata has loaded; detail: `CnxReadyDetail`.
 * @fires cnx-error - Something failed; detail: `{code, fatal, message}`.
 * @fires cnx-quality-change - The rendition in use or the quality choice changed.
 * @fires cnx-subtitles-change - Subtitles were shown, switched or hidden.
 * @fires cnx-resume - Playback resumed at a saved position; detail: `{position, source}`.
 * @fires play - and the other standard media events, re-dispatched from the video.
 *
 * @slot controls-end - Extra buttons for the control bar, placed before the picture-in-picture
 *   and fullscreen buttons, e.g. `<button slot="controls-end">`.
 *
 * @csspart video - The video element.
 * @csspart control-bar - The bar at the bottom, containing every control below.
 * @csspart control - Each button of the bar.
 * @csspart big-play-button - The play button over the video before playback starts.
 * @csspart play-button - The play/pause button.
 * @csspart seek - The seek bar's container; `seek-bar` is its slider, `seek-buffered` each buffered range.
 * @csspart seek-preview - The hover preview over the seek bar, with `seek-preview-image` (the
 *   storyboard tile) and `seek-preview-time`.
 * @csspart volume - The mute button (`mute-button`) with the volume slider (`volume-slider`).
 * @csspart time - The position and duration read-out (`current-time`, `duration`).
 * @csspart quality-button - The quality menu button; `quality-menu` is its menu.
 * @csspart subtitles-button - The subtitles menu button; `subtitles-menu` is its menu.
 * @csspart speed-button - The speed menu button; `speed-menu` is its menu.
 * @csspart menu - Every menu popup; `menu-item` is each item.
 * @csspart pip-button - The picture-in-picture toggle, shown where the browser supports it.
 * @csspart fullscreen-button - The fullscreen toggle.
 * @csspart unmute-button - The Unmute button shown after autoplay fell back to muted playback.
 * @csspart loading - The loading indicator.
 * @csspart error - The error panel; `retry-button` is its button.
 * @csspart resume-notice - The resume notice with `start-over-button`, `resume-button` and `dismiss-button`.
 *
 * @cssprop --cnx-accent-color - Color of the played range, sliders and focus rings.
 * @cssprop --cnx-control-color - Color of the icons and text of the controls.
 * @cssprop --cnx-control-bar-background - Background of the control bar.
 * @cssprop --cnx-menu-background - Background of the menus.
 * @cssprop --cnx-background - Background behind the video.
 * @cssprop --cnx-font-family - Font family of the controls.
 * @cssprop --cnx-font-size - Font size of the controls; 14px by default.
 * @cssprop --cnx-focus-ring-color - Color of the focus outline; the accent color by default.
 * @cssprop --cnx-aspect-ratio - Aspect ratio of the player box; 16 / 9 by default.
 * @cssprop --cnx-border-radius - Corner radius of the player box.
 */
export class CnxPlayer extends MediaElement {
  static override styles = playerStyles;

  static override properties = {
    ...MediaElement.properties,
    mediaId: { type: String, attribute: 'media-id' },
    apiKey: { type: String, attribute: 'api-key' },
    apiBase: { type: String, attribute: 'api-base' },
    viewerToken: { type: String, attribute: 'viewer-token' },
    autoplay: { converter: autoplayConverter },
    loop: { type: Boolean },
    startTime: { type: Number, attribute: 'start-time' },
    poster: { type: String },
    preload: { type: String },
    resume: { type: String },
    captions: { type: String },
    debug: { type: Boolean },
  };

  declare mediaId: string | null;
  declare apiKey: string | null;
  declare apiBase: string;
  declare viewerToken: string | null;
  declare autoplay: AutoplayMode;
  declare loop: boolean;
  declare startTime: number | null;
  declare poster: string | null;
  declare preload: 'none' | 'metadata' | 'auto' | null;
  declare resume: string;
  declare captions: string | null;
  declare debug: boolean;

  private readonly log = createLogger('player', () => this.debug);
  private readonly engineLog = createLogger('engine', () => this.debug);
  private readonly resumeLog = createLogger('resume', () => this.debug);
  private readonly tracks = new TrackSync(this);
  private readonly notice = new ResumeNotice(this, this.resumeLog);
  private readonly liveRegion = new LiveRegion(this);
  private readonly storyboard = new Storyboard(this.log, () => this.requestUpdate());
  private readonly refresher = new MediaUrlRefresher(this.log);
  private readonly controls = new PlayerControls(this, {
    tracks: this.tracks,
    liveRegion: this.liveRegion,
    storyboard: this.storyboard,
    logger: this.log,
    video: () => this.video,
    signal: () => this.session?.signal,
    started: () => this.started,
  });
  private readonly idle = new IdleController(this, () => this.controls.openMenu !== null);

  private engine: PlaybackEngine | undefined;
  private reporting: PlaybackReporting | undefined;
  private session: AbortController | undefined;
  private resolved: ResolvedTitle | undefined;
  /** Starts the engine when `preload="none"` deferred it until play. */
  private deferredStart: (() => Promise<void>) | undefined;
  private readyPending = false;
  private loading = false;
  private started = false;
  private failure: PlayerError | undefined;
  /** Whether the mute is autoplay's fallback rather than the viewer's choice. */
  private mutedByAutoplay = false;
  /** Reject functions of the `play()` calls that have not settled yet. */
  private readonly pendingPlays = new Set<(error: Error) => void>();

  constructor() {
    super();
    // The controller registers itself with the element, which keeps it.
    new KeyboardShortcuts(this, {
      togglePlay: () => this.controls.togglePlay(),
      toggleFullscreen: () => this.controls.toggleFullscreen(),
      toggleSubtitles: () => this.controls.toggleSubtitles(),
    });
    new CaptionsLift(this, () => this.video);
    this.mediaId = null;
    this.apiKey = null;
    this.apiBase = DEFAULT_API_BASE;
    this.viewerToken = null;
    this.autoplay = false;
    this.loop = false;
    this.startTime = null;
    this.poster = null;
    this.preload = null;
    this.resume = 'auto';
    this.captions = null;
    this.debug = false;
  }

  /**
   * Starts or resumes playback, and loads the media first when `preload="none"` deferred it.
   * Rejects with the `PlayerError` when the player has a fatal error or gets one before
   * playback starts, and with an `AbortError` when `pause()` or removal interrupts it.
   */
  override play(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    let interrupt!: (error: Error) => void;
    const interrupted = new Promise<never>((_, reject) => (interrupt = reject));
    this.pendingPlays.add(interrupt);
    const started = (async () => {
      await this.startDeferred();
      // A call that was interrupted while the media loaded must not start playback later.
      if (this.pendingPlays.has(interrupt)) await super.play();
    })();
    return Promise.race([started, interrupted]).finally(() => this.pendingPlays.delete(interrupt));
  }

  /** Pauses playback and rejects each `play()` that has not started yet with an `AbortError`. */
  override pause(): void {
    this.rejectPendingPlays(
      new DOMException('The play() request was interrupted by a call to pause().', 'AbortError'),
    );
    super.pause();
  }

  /** Rejects every `play()` promise that has not settled with `error`. */
  private rejectPendingPlays(error: Error): void {
    for (const interrupt of this.pendingPlays) interrupt(error);
    this.pendingPlays.clear();
  }

  /** The playback engine in use, for the control bar and tests. */
  get playbackEngine(): PlaybackEngine | undefined {
    return this.engine;
  }

  // ---- Lifecycle ----

  override connectedCallback(): void {
    super.connectedCallback();
    // The host takes focus when the video is clicked, so the shortcuts work.
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    if (!this.hasAttribute('role')) this.setAttribute('role', 'group');
    if (!this.hasAttribute('aria-label')) this.setAttribute('aria-label', 'Video player');
    // A player that was removed and added again later reloads its title.
    if (this.hasUpdated && !this.session) void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Moving the element disconnects and reconnects it in one task, and
    // playback should survive that, so teardown waits for a microtask.
    queueMicrotask(() => {
      if (this.isConnected) return;
      this.rejectPendingPlays(
        new DOMException(
          'The play() request was interrupted by removing the player.',
          'AbortError',
        ),
      );
      this.stopSession();
    });
  }

  protected override firstUpdated(): void {
    super.firstUpdated();
    const video = this.video;
    if (!video) return;
    for (const type of MEDIA_EVENTS) video.addEventListener(type, this.onMediaEvent);
    this.controls.watchVideo(video);
  }

  // Changes are applied before rendering, so the state that load() resets
  // is part of this update instead of scheduling another one.
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('captions')) this.applyCaptionsChange(changed.get('captions'));
    const source = ['mediaId', 'apiKey', 'apiBase', 'viewerToken'] as const;
    if (source.some((name) => changed.has(name)) && this.isConnected) {
      void this.load();
      return;
    }
    if (!this.hasUpdated) return;
    // Later changes of these apply to the title that is loaded.
    if (changed.has('startTime') && this.startTime !== null && this.readyState > 0) {
      this.currentTime = this.startTime;
    }
    if (changed.has('preload') && this.preload !== 'none') void this.startDeferred();
    if (changed.has('autoplay') && this.autoplay && !this.started && this.readyState > 0) {
      void this.autoplayNow();
    }
  }

  /** Applies a new `captions` value; removing the attribute turns subtitles off. */
  private applyCaptionsChange(previous: string | null | undefined): void {
    if (this.captions) this.tracks.applyCaptions(this.captions);
    else if (previous) this.tracks.chooseSubtitleTrack(-1);
  }

  // ---- Loading ----

  /** Loads the current title, replacing any title loaded before. */
  private async load(startTime: number | null = this.startTime): Promise<void> {
    this.stopSession();
    const session = new AbortController();
    this.session = session;
    this.resolved = undefined;
    this.failure = undefined;
    this.readyPending = false;
    this.started = false;
    this.notice.hide();
    this.tracks.reset();
    this.storyboard.reset(null);
    this.refresher.reset();
    // A mute that autoplay forced is not the viewer's choice, so it ends with the title.
    if (this.mutedByAutoplay && this.video) this.video.muted = false;
    this.mutedByAutoplay = false;
    if (!this.mediaId) return this.requestUpdate();
    if (!this.apiKey) {
      return this.fail(new PlayerError('unauthorized', 'The api-key attribute is missing.'));
    }
    this.loading = true;
    this.requestUpdate();

    try {
      const title = await resolveTitle({
        apiBase: this.apiBase || DEFAULT_API_BASE,
        apiKey: this.apiKey,
        mediaId: this.mediaId,
        viewerToken: this.viewerToken,
        resumeMode: parseResumeMode(this.resume),
        startTime,
        signal: session.signal,
        logger: this.log,
      });
      if (session.signal.aborted) return;
      this.resolved = title;
      this.storyboard.reset(title.embed.thumbnails);
      this.deferredStart = () => this.startEngine(title, session.signal);
      if (this.preload === 'none' && !this.autoplay) {
        this.loading = false;
        this.requestUpdate();
        return;
      }
      await this.startDeferred();
    } catch (error) {
      if (!isAbortError(error) && !session.signal.aborted) this.fail(toPlayerError(error));
    }
  }

  private async startDeferred(): Promise<void> {
    const start = this.deferredStart;
    this.deferredStart = undefined;
    if (start) await start();
  }

  private async startEngine(title: ResolvedTitle, signal: AbortSignal): Promise<void> {
    await this.updateComplete;
    const video = this.video;
    if (!video) return;
    this.loading = true;
    this.requestUpdate();
    const listener: EngineListener = {
      onTracksChange: () => this.tracks.sync(),
      onMediaUrlRejected: (status, position) => void this.refreshMediaUrls(status, position),
      onFatalError: (error) => this.fail(error),
    };
    try {
      const engine = await openEngine(video, listener, this.engineLog, signal);
      if (!engine) return;
      this.engine = engine;
      this.reporting = startReporting(video, title, this.resumeLog);
      this.readyPending = true;
      const prompt = parseResumeMode(this.resume) === 'prompt' && title.start.resume !== null;
      engine.load(title.embed.hls_url, prompt ? 0 : title.start.position);
    } catch (error) {
      if (!signal.aborted) this.fail(toPlayerError(error));
    }
  }

  /** Aborts loading, stops every download and timer, and saves the position. */
  private stopSession(): void {
    this.session?.abort();
    this.session = undefined;
    this.deferredStart = undefined;
    this.reporting?.stop();
    this.reporting = undefined;
    this.engine?.destroy();
    this.engine = undefined;
    this.loading = false;
    this.idle.stop();
    this.notice.hide();
  }

  /** Handles `loadedmetadata` of a new title: ready event, resume notice, autoplay. */
  private onMetadata(): void {
    if (!this.readyPending || !this.resolved) return;
    this.readyPending = false;
    const { embed, start } = this.resolved;
    this.loading = false;
    this.dispatchEvent(
      createCnxEvent(CNX_EVENTS.ready, {
        mediaId: embed.id,
        duration: this.duration,
        qualities: embed.qualities,
        subtitles: embed.subtitles,
        engine: this.engine?.kind ?? 'hls.js',
      }),
    );
    this.tracks.applyCaptions(this.captions);
    if (start.resume) {
      const prompt = parseResumeMode(this.resume) === 'prompt';
      const detail = { position: start.resume.position, source: start.resume.source };
      this.notice.show(detail, {
        prompt,
        tracker: this.reporting?.tracker,
        onAnswer: () => this.autoplay && void this.autoplayNow(),
      });
    }
    // With resume="prompt", autoplay waits for the viewer's choice.
    if (this.autoplay && !this.notice.prompting) void this.autoplayNow();
  }

  /** Plays at once, muted if `autoplay="muted"` needs it; a blocked attempt leaves the big play button. */
  private async autoplayNow(): Promise<void> {
    const video = this.video;
    if (!video) return;
    // The flag is set before the muted attempt, so a title switch during it releases the forced mute.
    const outcome = await attemptAutoplay(video, this.autoplay === 'muted', () => {
      this.mutedByAutoplay = true;
    });
    this.log.debug('autoplay', outcome);
    if (outcome === 'blocked') {
      this.loading = false;
      this.fail(new PlayerError('autoplay_blocked'));
    }
    this.requestUpdate();
  }

  /**
   * Fetches fresh signed URLs through `/embed` after the media server
   * rejected the current ones, and continues at the same position.
   */
  private async refreshMediaUrls(status: number, position: number): Promise<void> {
    const title = this.resolved;
    const signal = this.session?.signal;
    if (!title || !signal || !this.apiKey) return;
    const wasPlaying = !this.paused;
    try {
      const embed = await this.refresher.refresh(status, {
        apiBase: this.apiBase || DEFAULT_API_BASE,
        apiKey: this.apiKey,
        mediaId: title.embed.id,
        signal,
      });
      const engine = this.engine;
      if (signal.aborted || !engine) return;
      title.embed = embed;
      this.storyboard.reset(embed.thumbnails);
      this.tracks.reapply();
      engine.load(embed.hls_url, position);
      if (wasPlaying) this.video?.play().catch((error) => this.log.debug('play() failed', error));
    } catch (error) {
      if (!isAbortError(error) && !signal.aborted) this.fail(toPlayerError(error));
    }
  }

  /**
   * Test hook, not public API: loads `url` in place of the title's media URL
   * at the current position, so that a test can hand the engine a URL with
   * an altered token and watch the player recover through `/embed`.
   * @internal
   */
  testOnlyLoadMediaUrl(url: string): void {
    if (this.resolved) this.resolved.embed.hls_url = url;
    this.engine?.load(url, this.currentTime);
  }

  /** Sends `cnx-error`; a fatal error also stops loading and shows the error panel. */
  private fail(error: PlayerError): void {
    this.log.error(error.code, error.message);
    if (error.fatal) {
      this.failure = error;
      this.loading = false;
      // Rejected before the engine's teardown aborts the video's own play() with an AbortError.
      this.rejectPendingPlays(error);
      this.engine?.destroy();
      this.engine = undefined;
      // A video without media keeps the play request, so a Retry would start playback unasked.
      this.video?.pause();
    }
    this.dispatchEvent(
      createCnxEvent(CNX_EVENTS.error, {
        code: error.code,
        fatal: error.fatal,
        message: error.message,
      }),
    );
    this.requestUpdate();
  }

  // ---- Events ----

  private readonly onMediaEvent = (event: Event) => {
    this.dispatchEvent(new Event(event.type));
    this.controls.announceMediaEvent(event.type);
    switch (event.type) {
      case 'loadedmetadata':
        this.onMetadata();
        break;
      case 'play':
        this.started = true;
        break;
      case 'playing':
        this.loading = false;
        this.refresher.reset();
        this.idle.wake();
        break;
      case 'waiting':
        this.loading = true;
        break;
      case 'canplay':
      case 'seeked':
        this.loading = false;
        break;
      case 'pause':
        this.idle.stop();
        break;
      case 'volumechange':
        if (!this.muted) this.mutedByAutoplay = false;
        break;
    }
    this.requestUpdate();
  };

  // ---- Rendering ----

  protected override render(): TemplateResult {
    const poster = this.poster ?? this.resolved?.embed.poster ?? undefined;
    const showBigPlay = !this.started && !this.failure && !this.loading && !this.notice.prompting;
    const showUnmute = this.mutedByAutoplay && this.muted && !this.failure;
    return html`
      <video
        part="video"
        playsinline
        ?loop=${this.loop}
        crossorigin="anonymous"
        preload=${this.preload ?? 'auto'}
        poster=${ifDefined(poster)}
        @click=${() => this.controls.togglePlay()}
      ></video>
      ${this.loading && !this.failure ? renderLoading() : nothing}
      ${showBigPlay ? renderBigPlayButton(() => this.controls.togglePlay()) : nothing}
      ${showUnmute ? renderUnmuteButton(() => (this.muted = false)) : nothing}
      ${this.notice.render()}
      ${this.failure ? this.renderFailure(this.failure) : this.controls.render()}
      ${this.liveRegion.render()}
    `;
  }

  private renderFailure(failure: PlayerError): TemplateResult {
    const retryAt = this.video?.currentTime || this.startTime;
    return renderErrorPanel(PLAYER_ERRORS[failure.code].message, () => void this.load(retryAt));
  }
}

/** Wraps anything thrown while loading in a `PlayerError`. */
function toPlayerError(error: unknown): PlayerError {
  if (error instanceof PlayerError) return error;
  return new PlayerError('embed_failed', `Loading failed: ${String(error)}`, { cause: error });
}

declare global {
  interface HTMLElementTagNameMap {
    'cnx-player': CnxPlayer;
  }
  // Declaration merging adds the cnx- events to the DOM's event map, so the interface has no body.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends CnxEventMap {}
}

// Guarded, so importing the module twice or on a server without a DOM does not throw.
if (typeof customElements !== 'undefined' && !customElements.get('cnx-player')) {
  customElements.define('cnx-player', CnxPlayer);
}
