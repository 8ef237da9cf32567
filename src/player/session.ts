/** Loading one title: the embed request, the start position, the engine and the reporting. */
import type { EmbedResponse } from '../api/types.js';
import { fetchEmbed, viewerHeaders } from './api-client.js';
import { createEngine, type EngineListener, type PlaybackEngine } from './engine/index.js';
import type { Logger } from './logger.js';
import { noteServerDate, serverClockOffset } from './resume/clock.js';
import {
  decideStart,
  type ResumeMode,
  type ResumeRecord,
  type ServerResume,
  type StartDecision,
} from './resume/policy.js';
import { readResume, resumeKey } from './resume/store.js';
import { flushQueuedWrites, pushResume, type SyncTarget } from './resume/sync.js';
import { ResumeTracker } from './resume/tracker.js';
import { deviceId, viewerId } from './resume/viewer.js';
import { ViewReporter } from './views.js';

export interface SessionRequest {
  apiBase: string;
  apiKey: string;
  mediaId: string;
  viewerToken: string | null;
  resumeMode: ResumeMode;
  /** The `start-time` attribute, or a position to reload at after a retry. */
  startTime: number | null;
  signal: AbortSignal;
  logger: Logger;
}

/** A title resolved through `/embed`, with the position to start at. */
export interface ResolvedTitle {
  embed: EmbedResponse & { hls_url: string };
  /** Key of the viewer's resume record. */
  resumeKey: string;
  /** Server destination of the viewer's positions in this title. */
  syncTarget: SyncTarget;
  /** Whether positions are saved: resume is on for the title and not `off` here. */
  saveResume: boolean;
  start: StartDecision;
}

/**
 * Fetches the embed response, which carries the viewer's server record,
 * and reads the local resume record at the same time, then decides where
 * playback starts from the newer of the two.
 */
export async function resolveTitle(request: SessionRequest): Promise<ResolvedTitle> {
  const { apiBase, logger } = request;
  const key = resumeKey(apiBase, viewerId(request.viewerToken), request.mediaId);
  const viewer = viewerHeaders(request.viewerToken, deviceId());
  const wantsLocal = request.resumeMode !== 'off' && request.startTime === null;
  // readResume never rejects and gives up after its timeout.
  const localRead = wantsLocal ? readResume(key) : Promise.resolve(undefined);
  const embed = await fetchEmbed({
    apiBase,
    apiKey: request.apiKey,
    mediaId: request.mediaId,
    viewer,
    signal: request.signal,
    onServerDate: (date) => noteServerDate(apiBase, date),
  });
  void flushQueuedWrites();
  const local = await localRead;
  const server = serverResumeOf(embed);
  logger.debug('embed', embed.id, 'local record', local, 'server record', server);

  const start = decideStart({
    mode: request.resumeMode,
    startTime: request.startTime,
    titleAllowsResume: embed.resume,
    local,
    server,
    clockOffsetMs: serverClockOffset(apiBase),
    duration: embed.duration,
  });
  const syncTarget = { apiBase, apiKey: request.apiKey, mediaId: request.mediaId, viewer, key };
  const saveResume = request.resumeMode !== 'off' && embed.resume;
  if (saveResume && local && start.merged?.source === 'local') {
    uploadNewerLocal(syncTarget, local, server, logger);
  }
  return {
    // fetchEmbed resolves only once hls_url is set.
    embed: embed as ResolvedTitle['embed'],
    resumeKey: key,
    syncTarget,
    saveResume,
    start,
  };
}

function serverResumeOf(embed: EmbedResponse): ServerResume | undefined {
  if (embed.resume_position === undefined) return undefined;
  return {
    position: embed.resume_position,
    completed: embed.resume_completed === true,
    updatedAt: embed.resume_updated_at,
  };
}

/**
 * Sends the local record when it won the merge but differs from the
 * server's, so a save that never reached the server (the page closed while
 * offline, say) gets there on the next visit.
 */
function uploadNewerLocal(
  target: SyncTarget,
  local: ResumeRecord,
  server: ServerResume | undefined,
  logger: Logger,
): void {
  const same =
    server !== undefined &&
    server.completed === local.completed &&
    (local.completed || Math.abs(server.position - local.position) < 0.5);
  if (!same) void pushResume(target, local, logger);
}

/** Creates the engine for `video`, or returns null when `signal` aborted meanwhile. */
export async function openEngine(
  video: HTMLVideoElement,
  listener: EngineListener,
  logger: Logger,
  signal: AbortSignal,
): Promise<PlaybackEngine | null> {
  const engine = await createEngine(video, listener, logger);
  if (!signal.aborted) return engine;
  engine.destroy();
  return null;
}

/** The position saving and view reporting of one loaded title. */
export interface PlaybackReporting {
  /** The resume tracker, or undefined when positions are not saved for this title. */
  readonly tracker: ResumeTracker | undefined;
  /** Saves the position a last time and removes every listener. */
  stop(): void;
}

/** Starts saving the position of `video` (when resume is on) and reporting the view. */
export function startReporting(
  video: HTMLVideoElement,
  title: ResolvedTitle,
  logger: Logger,
): PlaybackReporting {
  const { syncTarget } = title;
  const tracker = title.saveResume
    ? new ResumeTracker(video, syncTarget, logger, (error) => {
        logger.warn('saving the position locally failed', title.resumeKey, error);
      })
    : undefined;
  const views = new ViewReporter(
    video,
    {
      apiBase: syncTarget.apiBase,
      apiKey: syncTarget.apiKey,
      mediaId: syncTarget.mediaId,
      viewer: deviceId(),
      headers: syncTarget.viewer,
    },
    logger,
  );
  return {
    tracker,
    stop() {
      tracker?.stop();
      views.stop();
    },
  };
}
