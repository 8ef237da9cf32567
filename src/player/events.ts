/** Event names of `<cnx-player>` and the types of their details. */
import type { PlayerErrorCode } from './errors.js';

/** Names of the player's own events. Each one bubbles and is composed. */
export const CNX_EVENTS = {
  ready: 'cnx-ready',
  error: 'cnx-error',
  qualityChange: 'cnx-quality-change',
  subtitlesChange: 'cnx-subtitles-change',
  resume: 'cnx-resume',
} as const;

/**
 * Standard media events that the player re-dispatches from the host element
 * under their native names. Like the originals they do not bubble.
 */
export const MEDIA_EVENTS = [
  'abort',
  'canplay',
  'canplaythrough',
  'durationchange',
  'emptied',
  'ended',
  'error',
  'loadeddata',
  'loadedmetadata',
  'loadstart',
  'pause',
  'play',
  'playing',
  'progress',
  'ratechange',
  'seeked',
  'seeking',
  'stalled',
  'suspend',
  'timeupdate',
  'volumechange',
  'waiting',
] as const;

/** Detail of `cnx-ready`, fired once the title's metadata has loaded. */
export interface CnxReadyDetail {
  mediaId: string;
  /** Duration in seconds. */
  duration: number;
  /** Heights of the renditions, lowest first. */
  qualities: number[];
  /** Language codes of the subtitle tracks. */
  subtitles: string[];
  /** Playback engine in use. */
  engine: 'hls.js' | 'native';
}

/** Detail of `cnx-error`. */
export interface CnxErrorDetail {
  code: PlayerErrorCode;
  /** Whether playback stopped; a non-fatal error is only a notice. */
  fatal: boolean;
  message: string;
}

/** Detail of `cnx-quality-change`, fired when the rendition in use or the choice changes. */
export interface CnxQualityChangeDetail {
  /** Whether adaptive selection is on. */
  auto: boolean;
  /** Height of the rendition in use, or null before one is chosen. */
  height: number | null;
}

/** Detail of `cnx-subtitles-change`. */
export interface CnxSubtitlesChangeDetail {
  /** Language code of the shown track, or null when subtitles are off. */
  language: string | null;
}

/** Detail of `cnx-resume`, fired when playback starts at a saved position. */
export interface CnxResumeDetail {
  /** Position in seconds. */
  position: number;
  /** Source of the position: this device's store or the server. */
  source: 'local' | 'server';
}

/** Detail types of the player's own events, by event name. */
export interface CnxEventDetails {
  'cnx-ready': CnxReadyDetail;
  'cnx-error': CnxErrorDetail;
  'cnx-quality-change': CnxQualityChangeDetail;
  'cnx-subtitles-change': CnxSubtitlesChangeDetail;
  'cnx-resume': CnxResumeDetail;
}

/** Event map of the player's own events, for typed `addEventListener` calls. */
export type CnxEventMap = {
  [Name in keyof CnxEventDetails]: CustomEvent<CnxEventDetails[Name]>;
};

/** Creates one of the player's own events, bubbling and composed. */
export function createCnxEvent<Name extends keyof CnxEventDetails>(
  name: Name,
  detail: CnxEventDetails[Name],
): CustomEvent<CnxEventDetails[Name]> {
  return new CustomEvent(name, { detail, bubbles: true, composed: true });
}
