import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { DEFAULT_API_BASE } from './api-client.js';
import { renderBigPlayButton } from './controls/buttons.js';
import { renderControlBar } from './controls/control-bar.js';
import type { MenuName } from './controls/menu.js';
import { renderErrorPanel, renderLoading } from './controls/overlays.js';
import type { EngineListener, PlaybackEngine } from './engine/index.js';
import { isAbortError, PLAYER_ERRORS, PlayerError } from './errors.js';
import { CNX_EVENTS, createCnxEvent, MEDIA_EVENTS, type CnxEventMap } from './events.js';
import { createLogger } from './logger.js';
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

/** Pointer inactivity after which the controls hide during playback, in milliseconds. */
const IDLE_MS = 3000;

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
 * @slot controls - Extra buttons for the control bar, placed before the fullscreen button.
 *
 * @csspart video - The video element.
 * @csspart control-bar - The bar at the bottom, containing every control below.
 * @csspart control - Each button of the bar.
 * @csspart big-play-button - The play button over the video before playback starts.
 * @csspart play-button - The play/pause button.
 * @csspart seek - The seek bar's container; `seek-bar` is its slider, `seek-buffered` each buffered range.
 * @csspart volume - The mute button (`mute-button`) with the volume slider (`volume-slider`).
 * @csspart time - The position and duration read-out (`current-time`, `duration`).
 * @csspart quality-button - The quality menu button; `quality-menu` is its menu.
 * @csspart subtitles-button - The subtitles menu button; `subtitles-menu` is its menu.
 * @csspart speed-button - The speed menu button; `speed-menu` is its menu.
 * @csspart menu - Every menu popup; `menu-item` is each item.
 * @csspart fullscreen-button - The fullscreen toggle.
 * @csspart loading - The loading indicator.
 * @csspart error - The error panel; `retry-button` is its button.
 * @csspart resume-notice - The resume notice with `start-over-button`, `resume-button` and `dismiss-button`.
 *
 * @cssprop --cnx-accent-color - Color of the played range, sliders and focus rings.
 * @cssprop --cnx-control-color - Color of the icons and text of the controls.
 * @cssprop --cnx-control-background - Background of the control bar.
 * @cssprop --cnx-menu-background - Background of the menus.
 * @cssprop --cnx-background - Background behind the video.
 * @cssprop --cnx-font - Font of the controls.
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
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private openMenu: MenuName | null = null;
  private urlRefreshes = 0;

  constructor() {
    super();
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

  /** Starts or resumes playback; loads the media first when `preload="none"` deferred it. */
  override async play(): Promise<void> {
    await this.startDeferred();
    await super.play();
  }

  /** The playback engine in use, for the control bar and tests. */
  get playbackEngine(): PlaybackEngine | undefined {
    return this.engine;
  }

  // ---- Lifecycle ----

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('fullscreenchange', this.onFullscreenChange);
    // A player that was removed and added again later reloads its title.
    if (this.hasUpdated && !this.session) void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('fullscreenchange', this.onFullscreenChange);
    // Moving the element disconnects and reconnects it in one task, and
    // playback should survive that, so teardown waits for a microtask.
    queueMicrotask(() => {
      if (!this.isConnected) this.stopSession();
    });
  }

  protected override firstUpdated(): void {
    super.firstUpdated();
    const video = this.video;
    if (!video) return;
    for (const type of MEDIA_EVENTS) video.addEventListener(type, this.onMediaEvent);
    this.addEventListener('pointermove', this.onActivity);
    this.addEventListener('focusin', this.onActivity);
    this.addEventListener('pointerdown', this.onPointerDown);
  }

  // Changes are applied before rendering, so the state that load() resets
  // is part of this update instead of scheduling another one.
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('captions')) this.tracks.applyCaptions(this.captions);
    const source = ['mediaId', 'apiKey', 'apiBase', 'viewerToken'] as const;
    if (source.some((name) => changed.has(name)) && this.isConnected) void this.load();
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
      onFatalError: (error) => this.onEngineError(error),
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
    clearTimeout(this.idleTimer);
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
    // With resume="prompt", autoplay waits for the viewer's answer.
    if (this.autoplay && !this.notice.prompting) void this.autoplayNow();
  }

  private async autoplayNow(): Promise<void> {
    const video = this.video;
    if (!video) return;
    try {
      await video.play();
    } catch (error) {
      if (!(error instanceof DOMException) || error.name !== 'NotAllowedError') return;
      if (this.autoplay === 'muted' && !video.muted) {
        video.muted = true;
        await video.play().catch(() => this.fail(new PlayerError('autoplay_blocked')));
        return;
      }
      this.fail(new PlayerError('autoplay_blocked'));
    }
  }

  /** Reloads once with fresh media URLs after a network failure, since signed URLs expire. */
  private onEngineError(error: PlayerError): void {
    if (error.code === 'network' && this.urlRefreshes < 1) {
      this.urlRefreshes += 1;
      this.log.warn('media failed to load, fetching fresh URLs', error.message);
      void this.load(this.currentTime);
      return;
    }
    this.fail(error);
  }

  /** Sends `cnx-error`; a fatal error also stops loading and shows the error panel. */
  private fail(error: PlayerError): void {
    this.log.error(error.code, error.message);
    if (error.fatal) {
      this.failure = error;
      this.loading = false;
      this.engine?.destroy();
      this.engine = undefined;
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
    switch (event.type) {
      case 'loadedmetadata':
        this.onMetadata();
        break;
      case 'play':
        this.started = true;
        break;
      case 'playing':
        this.loading = false;
        this.urlRefreshes = 0;
        this.scheduleIdle();
        break;
      case 'waiting':
        this.loading = true;
        break;
      case 'canplay':
      case 'seeked':
        this.loading = false;
        break;
      case 'pause':
        this.removeAttribute('data-idle');
        break;
    }
    this.requestUpdate();
  };

  private readonly onFullscreenChange = () => this.requestUpdate();

  private readonly onActivity = () => {
    this.removeAttribute('data-idle');
    this.scheduleIdle();
  };

  /** Closes an open menu when the pointer goes down outside of it. */
  private readonly onPointerDown = (event: PointerEvent) => {
    if (!this.openMenu) return;
    const inMenu = event
      .composedPath()
      .some((node) => node instanceof HTMLElement && node.classList.contains('menu-wrapper'));
    if (!inMenu) this.toggleMenu(null);
  };

  private scheduleIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (!this.paused && !this.openMenu) this.setAttribute('data-idle', '');
    }, IDLE_MS);
  }

  private togglePlay(): void {
    if (this.paused) void this.play().catch((error) => this.log.debug('play() failed', error));
    else this.pause();
  }

  private toggleMenu(name: MenuName | null): void {
    this.openMenu = name;
    this.requestUpdate();
    if (!name) return;
    // Focus moves into the menu once it is rendered, to the checked item.
    void this.updateComplete.then(() => {
      const selector = `[role="menu"] [aria-checked="true"]`;
      this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
    });
  }

  private toggleFullscreen(): void {
    const request =
      document.fullscreenElement === this ? document.exitFullscreen() : this.requestFullscreen();
    request.catch((error: unknown) => this.log.warn('fullscreen request failed', error));
  }

  // ---- Rendering ----

  protected override render(): TemplateResult {
    const poster = this.poster ?? this.resolved?.embed.poster ?? undefined;
    const showBigPlay = !this.started && !this.failure && !this.loading && !this.notice.prompting;
    return html`
      <video
        part="video"
        playsinline
        ?loop=${this.loop}
        crossorigin="anonymous"
        preload=${this.preload ?? 'auto'}
        poster=${ifDefined(poster)}
        @click=${() => this.togglePlay()}
      ></video>
      ${this.loading && !this.failure ? renderLoading() : nothing}
      ${showBigPlay ? renderBigPlayButton(() => this.togglePlay()) : nothing}
      ${this.notice.render()}
      ${this.failure ? this.renderFailure(this.failure) : this.renderControls()}
    `;
  }

  private renderFailure(failure: PlayerError): TemplateResult {
    const retryAt = this.video?.currentTime || this.startTime;
    return renderErrorPanel(PLAYER_ERRORS[failure.code].message, () => void this.load(retryAt));
  }

  private renderControls(): TemplateResult {
    const engine = this.engine;
    return renderControlBar(
      {
        paused: this.paused,
        position: this.currentTime,
        duration: this.duration,
        buffered: this.buffered,
        volume: this.volume,
        muted: this.muted,
        rate: this.playbackRate,
        fullscreen: typeof document !== 'undefined' && document.fullscreenElement === this,
        levels: engine?.levels ?? [],
        currentLevel: engine?.currentLevel ?? -1,
        autoLevel: engine?.autoLevel ?? true,
        subtitleTracks: engine?.subtitleTracks ?? [],
        subtitleTrack: engine?.subtitleTrack ?? -1,
        openMenu: this.openMenu,
      },
      {
        togglePlay: () => this.togglePlay(),
        seek: (position) => (this.currentTime = position),
        toggleMute: () => (this.muted = !this.muted),
        setVolume: (volume) => {
          this.volume = volume;
          if (volume > 0) this.muted = false;
        },
        setRate: (rate) => (this.playbackRate = rate),
        setLevel: (index) => this.tracks.chooseLevel(index),
        setSubtitleTrack: (index) => this.tracks.chooseSubtitleTrack(index),
        toggleMenu: (name) => this.toggleMenu(name),
        toggleFullscreen: () => this.toggleFullscreen(),
      },
    );
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
