/** Pure rules of resume: what is saved, and where playback starts. */
import { isCompletedPosition, RESUME_MIN_POSITION } from '../../api/limits.js';

/** A saved playback position of one viewer and title. */
export interface ResumeRecord {
  /** Position in seconds. */
  position: number;
  /** Duration of the title in seconds when the position was saved. */
  duration: number;
  /** Time of the save in milliseconds since the Unix epoch, in this device's clock. */
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
 * position is too early to be worth saving or is not a finite number.
 */
export function recordFor(position: number, duration: number, now: number): ResumeRecord | null {
  if (!Number.isFinite(position) || position < RESUME_MIN_POSITION) return null;
  // Live streams have an infinite duration and no position worth resuming.
  if (duration === Infinity) return null;
  const knownDuration = Number.isFinite(duration) ? duration : 0;
  return {
    position,
    duration: knownDuration,
    updatedAt: now,
    completed: isCompletedPosition(position, knownDuration),
  };
}

/**
 * Builds the record saved when the viewer chooses to start over: position
 * 0 at `now`, so it replaces older records on this device and the server.
 */
export function startOverRecord(duration: number, now: number): ResumeRecord {
  return {
    position: 0,
    duration: Number.isFinite(duration) ? duration : 0,
    updatedAt: now,
    completed: false,
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

/** The viewer's record on the server, from the `resume_*` fields of the embed response. */
export interface ServerResume {
  /** Position in seconds; the server sends 0 once the title is completed. */
  position: number;
  completed: boolean;
  /** Time of the last write in milliseconds, in the server's clock; unknown from older servers. */
  updatedAt: number | undefined;
}

/**
 * How much newer, in milliseconds, the server's record must be to win over
 * the local one. The server's copy of this device's own last save is later
 * by the request's latency and by the error of the clock offset, which is
 * up to about a second with a `Date` header. That copy must not beat the
 * record it came from.
 */
export const MERGE_TOLERANCE_MS = 2000;

/** A saved position chosen by the merge, with where it came from. */
export interface MergedResume {
  position: number;
  completed: boolean;
  /** Duration known with the record, 0 when unknown. */
  duration: number;
  source: 'local' | 'server';
}

/**
 * Merges the local and the server record: the newest wins. Local times are
 * in this device's clock, so they are converted to the server's by adding
 * `clockOffsetMs` (server minus device) before comparing. A device whose
 * clock is 5 minutes behind the server's has an offset of +5 minutes, so
 * its saves are not taken for 5 minutes older than they are and lose to
 * older server records. Without a server time, the local record wins.
 */
export function mergeResume(
  local: ResumeRecord | undefined,
  server: ServerResume | undefined,
  clockOffsetMs: number,
): MergedResume | undefined {
  const fromServer = server && {
    position: server.position,
    completed: server.completed,
    duration: 0,
    source: 'server' as const,
  };
  if (!local) return fromServer;
  const fromLocal = { ...local, source: 'local' as const };
  if (!fromServer || server.updatedAt === undefined) return fromLocal;
  const localInServerClock = local.updatedAt + clockOffsetMs;
  return server.updatedAt > localInServerClock + MERGE_TOLERANCE_MS ? fromServer : fromLocal;
}

/** Inputs of the start decision. */
export interface StartInputs {
  mode: ResumeMode;
  /** The `start-time` attribute; when set it overrides any saved position. */
  startTime: number | null;
  /** Whether resume is on for the title, from the embed response. */
  titleAllowsResume: boolean;
  local: ResumeRecord | undefined;
  /** The viewer's record on the server, when the embed response has one. */
  server: ServerResume | undefined;
  /** The server's clock minus this device's, in milliseconds. */
  clockOffsetMs: number;
  /** Duration of the title in seconds from the embed response, 0 when unknown. */
  duration: number;
}

/** Start position of playback, and the saved position it resumes, if any. */
export interface StartDecision {
  position: number;
  /** Saved position to resume from, or null when playback starts fresh. */
  resume: { position: number; source: 'local' | 'server' } | null;
  /** The record that won the merge, also when it does not resume (completed, say). */
  merged: MergedResume | undefined;
}

/**
 * Decides where playback starts. An explicit start time wins, then the
 * newest of the local and the server record. A completed title, and a
 * position that is under the save threshold or not inside the title,
 * start at 0.
 */
export function decideStart(inputs: StartInputs): StartDecision {
  if (inputs.startTime !== null && Number.isFinite(inputs.startTime) && inputs.startTime >= 0) {
    return { position: inputs.startTime, resume: null, merged: undefined };
  }
  if (inputs.mode === 'off' || !inputs.titleAllowsResume) {
    return { position: 0, resume: null, merged: undefined };
  }
  const merged = mergeResume(inputs.local, inputs.server, inputs.clockOffsetMs);
  if (!merged || !isResumablePosition(merged, inputs.duration)) {
    return { position: 0, resume: null, merged };
  }
  return {
    position: merged.position,
    resume: { position: merged.position, source: merged.source },
    merged,
  };
}

/**
 * Returns whether playback may start at the merged position: a finite
 * position from the save threshold up to before the completed range of a
 * title with a known, finite duration. A position at or past the end would
 * make the engine wait for media that does not exist, and a live stream
 * (infinite or unknown duration) has no fixed positions.
 */
function isResumablePosition(merged: MergedResume, titleDuration: number): boolean {
  if (merged.completed) return false;
  const duration = titleDuration > 0 ? titleDuration : merged.duration;
  const { position } = merged;
  if (!Number.isFinite(position) || position < RESUME_MIN_POSITION) return false;
  if (!Number.isFinite(duration) || duration <= 0 || position >= duration) return false;
  return !isCompletedPosition(position, duration);
}
