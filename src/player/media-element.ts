/** Base class of `<cnx-player>`: the media-element-like API over its shadow video. */
import { LitElement } from 'lit';

/**
 * Media members that are not Lit properties but may be set on the element
 * before it is defined; Lit already upgrades its own reactive properties.
 */
const UPGRADED_MEMBERS = ['volume', 'playbackRate'] as const;

/**
 * A Lit element that renders one `<video>` in its shadow root and forwards
 * the usual `HTMLMediaElement` members to it, so media tooling can drive the
 * host. Before the first render the getters return the values of an empty
 * media element, and `volume`, `muted` and `playbackRate` keep what was set
 * until the video exists.
 */
export class MediaElement extends LitElement {
  static override properties = {
    muted: { type: Boolean, noAccessor: true },
  };

  /** The shadow video, set after the first render. */
  protected video: HTMLVideoElement | undefined;
  private mutedValue = false;
  private volumeValue = 1;
  private rateValue = 1;

  constructor() {
    super();
    // A value set on the element before its definition loaded is an own
    // property that hides the accessor, so it is moved to the accessor.
    for (const name of UPGRADED_MEMBERS) {
      if (!Object.prototype.hasOwnProperty.call(this, name)) continue;
      const value = this[name];
      delete (this as unknown as Partial<Record<string, unknown>>)[name];
      this[name] = value;
    }
  }

  protected override firstUpdated(): void {
    const video = this.renderRoot.querySelector('video');
    if (!video) return;
    this.video = video;
    video.muted = this.mutedValue;
    video.volume = this.volumeValue;
    // Loading a source resets playbackRate to defaultPlaybackRate, so both take the early value.
    video.defaultPlaybackRate = this.rateValue;
    video.playbackRate = this.rateValue;
  }

  /** Starts or resumes playback; rejects like `HTMLMediaElement.play()`. */
  async play(): Promise<void> {
    await this.updateComplete;
    await this.video?.play();
  }

  /** Pauses playback. */
  pause(): void {
    this.video?.pause();
  }

  /** Playback position in seconds. */
  get currentTime(): number {
    return this.video?.currentTime ?? 0;
  }
  set currentTime(value: number) {
    if (this.video) this.video.currentTime = value;
  }

  /** Duration in seconds; NaN until metadata has loaded. */
  get duration(): number {
    return this.video?.duration ?? NaN;
  }

  get paused(): boolean {
    return this.video?.paused ?? true;
  }

  get ended(): boolean {
    return this.video?.ended ?? false;
  }

  /** Volume from 0 to 1. */
  get volume(): number {
    return this.video?.volume ?? this.volumeValue;
  }
  set volume(value: number) {
    if (!(value >= 0 && value <= 1)) {
      // The same exception as HTMLMediaElement's volume setter.
      throw new DOMException(`volume must be between 0 and 1, got ${value}`, 'IndexSizeError');
    }
    this.volumeValue = value;
    if (this.video) this.video.volume = value;
  }

  /** Whether the sound is off; the `muted` attribute sets the initial value. */
  get muted(): boolean {
    return this.video?.muted ?? this.mutedValue;
  }
  set muted(value: boolean) {
    const old = this.muted;
    this.mutedValue = value;
    if (this.video) this.video.muted = value;
    this.requestUpdate('muted', old);
  }

  get playbackRate(): number {
    return this.video?.playbackRate ?? this.rateValue;
  }
  set playbackRate(value: number) {
    this.rateValue = value;
    if (this.video) this.video.playbackRate = value;
  }

  /** Height in pixels of the decoded video; 0 before metadata. */
  get videoHeight(): number {
    return this.video?.videoHeight ?? 0;
  }

  get buffered(): TimeRanges {
    return this.video?.buffered ?? EMPTY_TIME_RANGES;
  }

  /** `HTMLMediaElement.readyState` of the video: 0 (nothing) to 4 (enough data). */
  get readyState(): number {
    return this.video?.readyState ?? 0;
  }
}

/** Empty `TimeRanges`, for `buffered` before the video element exists. */
export const EMPTY_TIME_RANGES: TimeRanges = {
  length: 0,
  start(index: number): number {
    throw new RangeError(`TimeRanges index ${index} is out of range (length 0).`);
  },
  end(index: number): number {
    throw new RangeError(`TimeRanges index ${index} is out of range (length 0).`);
  },
};
