/** Pure rules of resume: what is saved, and where playback starts. */
import { isCompletedPosition, RESUME_MIN_POSITION } from '../../api/limits.js';

/** A saved playback position of one viewer and title. */
export interface ResumeRecord {
  /** Position in seconds. */
  position: number;
  /** Duration of the title in seconds when the position was saved. */
  duration: number;
  /** Time of the save in milliseconds since the Unix epoch. */
  updatedAt: number;
  /** Whether the viewer reached the end, so the next start is at 0. */
  completed: boolean;
}

/** Resume behaviour of the player: the values of the `resume` attribute. */
export type ResumeMode = 'auto' | 'prompt' | 'off';

/** Returns the `resume` attribute as a mode; unknown values fall back to `auto`. */
export function parseResumeMode(value: string | null | undefined): ResumeMode {
  return value === 'prompt' || value === 'off' ? value : 'auto';
}

/**
 * Builds the record to save for `position`, or returns null when the
 * position is too early to be worth saving.
 */
export function recordFor(position: number, duration: number, now: number): ResumeRecord | null {
  if (!Number.isFinite(position) || position < RESUME_MIN_POSITION) return null;
  const knownDuration = Number.isFinite(duration) ? duration : 0;
  return {
    position,
    duration: knownDuration,
    updatedAt: now,
    completed: isCompletedPosition(position, knownDuration),
  };
}

/** Returns whether `value` has the shape of a stored record. */
export function isResumeRecord(value: unknown): value is ResumeRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.position === 'number' &&
    typeof record.duration === 'number' &&
    typeof record.updatedAt === 'number' &&
    typeof record.completed === 'boolean'
  );
}

/** Inputs of the start decision. */
export interface StartInputs {
  mode: ResumeMode;
  /** The `start-time` attribute; when set it overrides any saved position. */
  startTime: number | null;
  /** Whether resume is on for the title, from the embed response. */
  titleAllowsResume: boolean;
  local: ResumeRecord | undefined;
  /** `resume_position` of the embed response, when present. */
  serverPosition: number | undefined;
  /** Duration of the title in seconds, 0 when unknown. */
  duration: number;
}

/** Start position of playback, and the saved position it resumes, if any. */
export interface StartDecision {
  position: number;
  /** Saved position to resume from, or null when playback starts fresh. */
  resume: { position: number; source: 'local' | 'server' } | null;
}

/**
 * Decides where playback starts. An explicit start time wins, then the
 * local record, then the server's position. A completed title, or a position
 * under the save threshold, starts at 0.
 */
export function decideStart(inputs: StartInputs): StartDecision {
  if (inputs.startTime !== null && inputs.startTime >= 0) {
    return { position: inputs.startTime, resume: null };
  }
  if (inputs.mode === 'off' || !inputs.titleAllowsResume) return { position: 0, resume: null };

  const saved = savedPosition(inputs);
  if (!saved || saved.position < RESUME_MIN_POSITION) return { position: 0, resume: null };
  return { position: saved.position, resume: saved };
}

// NOTE: `resume_position` comes without its save time, so the newest-wins
// merge cannot be applied. The local record is preferred because it is
// written on this device as playback goes.
function savedPosition(inputs: StartInputs): StartDecision['resume'] {
  if (inputs.local) {
    if (inputs.local.completed) return null;
    return { position: inputs.local.position, source: 'local' };
  }
  const position = inputs.serverPosition;
  if (position === undefined || !Number.isFinite(position)) return null;
  if (isCompletedPosition(position, inputs.duration)) return null;
  return { position, source: 'server' };
}
