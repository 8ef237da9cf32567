/**
 * Message format of the player.js protocol (https://github.com/embedly/player.js,
 * SPEC.rst, version 0.0.11): its constants and the parsing of commands.
 */

export const PLAYERJS_CONTEXT = 'player.js';
/** Protocol version of the player.js specification that this bridge implements. */
export const PLAYERJS_VERSION = '0.0.11';

export const BRIDGE_EVENTS = [
  'ready',
  'play',
  'pause',
  'ended',
  'timeupdate',
  'progress',
  'seeked',
  'error',
] as const;

export const BRIDGE_METHODS = [
  'play',
  'pause',
  'getPaused',
  'mute',
  'unmute',
  'getMuted',
  'setVolume',
  'getVolume',
  'getDuration',
  'setCurrentTime',
  'getCurrentTime',
  'setLoop',
  'getLoop',
  'addEventListener',
  'removeEventListener',
] as const;

export type BridgeEvent = (typeof BRIDGE_EVENTS)[number];
export type BridgeMethod = (typeof BRIDGE_METHODS)[number];

/** Error codes of the `error` event, as the player.js specification defines them. */
export const BRIDGE_ERROR_CODES = { undefined: -1, notSupported: 1, invalidMethod: 2 } as const;

/** Value of the `error` event: the specification's `{code, msg}` plus the player's own code. */
export interface BridgeErrorValue {
  code: number;
  msg: string;
  /** The `cnx-error` code, when the error came from the player. */
  cnxCode?: string;
}

/** A command of the parent page. */
export interface Command {
  method: string;
  value?: unknown;
  listener: string | null;
}

/** Returns the command in a message's data, or null when it is not a player.js command. */
export function parseCommand(data: unknown): Command | null {
  let message: unknown = data;
  if (typeof data === 'string') {
    try {
      message = JSON.parse(data);
    } catch {
      return null;
    }
  }
  if (typeof message !== 'object' || message === null) return null;
  const fields = message as Record<string, unknown>;
  if (fields.context !== PLAYERJS_CONTEXT || typeof fields.method !== 'string') return null;
  const listener = typeof fields.listener === 'string' ? fields.listener : null;
  return { method: fields.method, value: fields.value, listener };
}

export function isBridgeEvent(value: unknown): value is BridgeEvent {
  return typeof value === 'string' && (BRIDGE_EVENTS as readonly string[]).includes(value);
}
