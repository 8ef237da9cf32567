/**
 * The postMessage bridge of the embed host page: the receiving side of the
 * player.js protocol (https://github.com/embedly/player.js, SPEC.rst, version
 * 0.0.11), which lets the parent page drive the `<cnx-player>` in the iframe.
 *
 * Messages are JSON strings with `context: "player.js"`. The parent sends
 * `{method, value?, listener?}`; the frame replies to getters with
 * `{event: <method>, value, listener}` and sends `{event, value?, listener}`
 * for each event that the parent subscribed to with `addEventListener`.
 * Only `ready` is sent unasked.
 */
import type { CnxErrorDetail } from '../player/events.js';
import {
  BRIDGE_ERROR_CODES,
  BRIDGE_EVENTS,
  BRIDGE_METHODS,
  isBridgeEvent,
  parseCommand,
  PLAYERJS_CONTEXT,
  PLAYERJS_VERSION,
  type BridgeErrorValue,
  type BridgeEvent,
  type BridgeMethod,
  type Command,
} from './protocol.js';

/** The subset of the media-element-like API of `<cnx-player>` that the bridge uses. */
export interface BridgePlayer extends EventTarget {
  play(): Promise<void>;
  pause(): void;
  readonly paused: boolean;
  readonly duration: number;
  readonly buffered: TimeRanges;
  readonly readyState: number;
  currentTime: number;
  muted: boolean;
  volume: number;
  loop: boolean;
}

export interface BridgeOptions {
  player: BridgePlayer;
  /** The window of the embed page; its `parent` is the page that may send commands. */
  frame: Window;
  /** Origin of the parent page, or null when the page could not tell it. */
  parentOrigin: string | null;
  /**
   * Whether the embed key allows every origin. Only then does a bridge
   * without a known parent origin send `ready` to any origin and take the
   * origin of the parent's first message as the parent origin.
   */
  allowsEveryOrigin: boolean;
}

/** Media events of the player that the bridge forwards, with the protocol event of each. */
const FORWARDED_EVENTS: Record<string, BridgeEvent> = {
  play: 'play',
  pause: 'pause',
  ended: 'ended',
  timeupdate: 'timeupdate',
  progress: 'progress',
  seeked: 'seeked',
};

/** Connects one player to the parent page through the player.js protocol. */
export class PlayerJsBridge {
  private readonly options: BridgeOptions;
  private parentOrigin: string | null;
  /** Listener ids by event; null is a subscription sent without a listener id. */
  private readonly listeners = new Map<BridgeEvent, Set<string | null>>();
  private ready = false;
  /** The fatal error of the player, repeated to `error` listeners added after it. */
  private fatalError: BridgeErrorValue | undefined;

  constructor(options: BridgeOptions) {
    this.options = options;
    this.parentOrigin = options.parentOrigin;
  }

  /** Starts listening to the parent and to the player. Does nothing outside of a frame. */
  start(): void {
    const { frame, player } = this.options;
    if (frame.parent === frame) return;
    frame.addEventListener('message', this.onMessage);
    for (const type of Object.keys(FORWARDED_EVENTS)) player.addEventListener(type, this.onMedia);
    player.addEventListener('cnx-ready', this.onPlayerReady);
    player.addEventListener('cnx-error', this.onPlayerError);
    // The title may have loaded before this script ran.
    if (player.readyState >= 1) this.markReady();
  }

  /** Stops listening; listeners registered by the parent are dropped. */
  stop(): void {
    const { frame, player } = this.options;
    frame.removeEventListener('message', this.onMessage);
    for (const type of Object.keys(FORWARDED_EVENTS)) {
      player.removeEventListener(type, this.onMedia);
    }
    player.removeEventListener('cnx-ready', this.onPlayerReady);
    player.removeEventListener('cnx-error', this.onPlayerError);
    this.listeners.clear();
  }

  /** Sends `ready` once: when the title has loaded, or when loading failed for good. */
  private markReady(): void {
    if (this.ready) return;
    this.ready = true;
    const value = this.readyValue();
    const listeners = this.listeners.get('ready');
    if (listeners && listeners.size > 0) {
      for (const listener of listeners) this.send('ready', value, listener);
      return;
    }
    // The specification sends `ready` even to a parent that did not subscribe.
    const target = this.parentOrigin ?? (this.options.allowsEveryOrigin ? '*' : null);
    if (target) this.post({ event: 'ready', value }, target);
  }

  private readyValue() {
    return {
      src: this.options.frame.location.href,
      events: [...BRIDGE_EVENTS],
      methods: [...BRIDGE_METHODS],
    };
  }

  // ---- Messages from the parent ----

  private readonly onMessage = (event: MessageEvent) => {
    if (event.source !== this.options.frame.parent) return;
    if (!this.acceptOrigin(event.origin)) return;
    const command = parseCommand(event.data);
    if (command) this.handle(command);
  };

  /** Returns whether messages of `origin` are the parent's, learning it when that is allowed. */
  private acceptOrigin(origin: string): boolean {
    if (this.parentOrigin !== null) return origin === this.parentOrigin;
    if (!this.options.allowsEveryOrigin || origin === 'null') return false;
    this.parentOrigin = origin;
    return true;
  }

  private handle(command: Command): void {
    if (!(BRIDGE_METHODS as readonly string[]).includes(command.method)) {
      this.emit('error', {
        code: BRIDGE_ERROR_CODES.invalidMethod,
        msg: `Invalid method "${command.method}": use one of ${BRIDGE_METHODS.join(', ')}.`,
      });
      return;
    }
    const method = command.method as BridgeMethod;
    if (method === 'addEventListener') this.subscribe(command);
    else if (method === 'removeEventListener') this.unsubscribe(command);
    else if (method.startsWith('get')) this.send(method, this.read(method), command.listener);
    else this.apply(method, command.value);
  }

  private subscribe({ value, listener }: Command): void {
    if (!isBridgeEvent(value)) return;
    const set = this.listeners.get(value) ?? new Set();
    set.add(listener);
    this.listeners.set(value, set);
    // A parent that subscribes late still learns that the frame is ready or failed.
    if (value === 'ready' && this.ready) this.send('ready', this.readyValue(), listener);
    if (value === 'error' && this.fatalError) this.send('error', this.fatalError, listener);
  }

  private unsubscribe({ value, listener }: Command): void {
    if (!isBridgeEvent(value)) return;
    // Without a listener id the specification removes every listener of the event.
    if (listener === null) this.listeners.delete(value);
    else this.listeners.get(value)?.delete(listener);
  }

  /** Returns the value of a getter, in the units of the specification. */
  private read(method: BridgeMethod): number | boolean {
    const { player } = this.options;
    switch (method) {
      case 'getPaused':
        return player.paused;
      case 'getMuted':
        return player.muted;
      case 'getVolume':
        return Math.round(player.volume * 100);
      case 'getDuration':
        return finiteOrZero(player.duration);
      case 'getCurrentTime':
        return player.currentTime;
      default:
        return player.loop;
    }
  }

  private apply(method: BridgeMethod, value: unknown): void {
    const { player } = this.options;
    switch (method) {
      case 'play':
        player.play().catch((error: unknown) => {
          this.emit('error', {
            code: BRIDGE_ERROR_CODES.undefined,
            msg: `play() failed: ${error}`,
          });
        });
        break;
      case 'pause':
        player.pause();
        break;
      case 'mute':
      case 'unmute':
        player.muted = method === 'mute';
        break;
      case 'setVolume':
        // The specification's volume runs from 0 to 100, the element's from 0 to 1.
        if (isFiniteNumber(value)) player.volume = Math.min(100, Math.max(0, value)) / 100;
        break;
      case 'setCurrentTime':
        if (isFiniteNumber(value) && value >= 0) player.currentTime = value;
        break;
      case 'setLoop':
        if (typeof value === 'boolean') player.loop = value;
        break;
    }
  }

  // ---- Events of the player ----

  private readonly onMedia = (event: Event) => {
    const name = FORWARDED_EVENTS[event.type];
    if (!name) return;
    const { player } = this.options;
    if (name === 'timeupdate' || name === 'seeked') {
      this.emit(name, { seconds: player.currentTime, duration: finiteOrZero(player.duration) });
    } else if (name === 'progress') {
      this.emit(name, progressValue(player));
    } else {
      this.emit(name);
    }
  };

  private readonly onPlayerReady = () => this.markReady();

  private readonly onPlayerError = (event: Event) => {
    const detail = (event as CustomEvent<CnxErrorDetail>).detail;
    const code =
      detail.code === 'unsupported' || detail.code === 'media'
        ? BRIDGE_ERROR_CODES.notSupported
        : BRIDGE_ERROR_CODES.undefined;
    const value: BridgeErrorValue = { code, msg: detail.message, cnxCode: detail.code };
    if (detail.fatal) {
      this.fatalError = value;
      // A title that cannot load still gets `ready`, so the parent's queued listeners arrive.
      this.markReady();
    }
    this.emit('error', value);
  };

  // ---- Sending ----

  /** Sends `event` to every listener that the parent registered for it. */
  private emit(event: BridgeEvent, value?: unknown): void {
    const listeners = this.listeners.get(event);
    if (!listeners) return;
    for (const listener of listeners) this.send(event, value, listener);
  }

  private send(event: string, value: unknown, listener: string | null): void {
    if (this.parentOrigin === null) return;
    const message: Record<string, unknown> = { event };
    if (value !== undefined) message.value = value;
    if (listener !== null) message.listener = listener;
    this.post(message, this.parentOrigin);
  }

  private post(message: Record<string, unknown>, targetOrigin: string): void {
    const data = { context: PLAYERJS_CONTEXT, version: PLAYERJS_VERSION, ...message };
    this.options.frame.parent.postMessage(JSON.stringify(data), targetOrigin);
  }
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function finiteOrZero(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

/** Value of `progress`: the buffered end in seconds, the duration and their ratio. */
function progressValue(player: BridgePlayer) {
  const { buffered } = player;
  const seconds = buffered.length > 0 ? buffered.end(buffered.length - 1) : 0;
  const duration = finiteOrZero(player.duration);
  return { seconds, duration, percent: duration > 0 ? seconds / duration : 0 };
}
