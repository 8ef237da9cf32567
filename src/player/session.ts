/** Loading one title: the embed request, the start position and the engine. */
import type { EmbedResponse } from '../api/types.js';
import { fetchEmbed } from './api-client.js';
import { createEngine, type EngineListener, type PlaybackEngine } from './engine/index.js';
import type { Logger } from './logger.js';
import { decideStart, type ResumeMode, type StartDecision } from './resume/policy.js';
import { readResume, resumeKey } from './resume/store.js';
import { viewerId } from './resume/viewer.js';

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
  /** Whether positions are saved: resume is on for the title and not `off` here. */
  saveResume: boolean;
  start: StartDecision;
}

/**
 * Fetches the embed response and reads the local resume record at the same
 * time, then decides where playback starts.
 */
export async function resolveTitle(request: SessionRequest): Promise<ResolvedTitle> {
  const key = resumeKey(request.apiBase, viewerId(request.viewerToken), request.mediaId);
  const wantsLocal = request.resumeMode !== 'off' && request.startTime === null;
  // readResume never rejects and gives up after its timeout.
  const localRead = wantsLocal ? readResume(key) : Promise.resolve(undefined);
  const embed = await fetchEmbed({
    apiBase: request.apiBase,
    apiKey: request.apiKey,
    mediaId: request.mediaId,
    signal: request.signal,
  });
  const local = await localRead;
  request.logger.debug('embed', embed.id, 'local record', local);

  const start = decideStart({
    mode: request.resumeMode,
    startTime: request.startTime,
    titleAllowsResume: embed.resume,
    local,
    serverPosition: embed.resume_position,
    duration: embed.duration,
  });
  return {
    // fetchEmbed resolves only once hls_url is set.
    embed: embed as ResolvedTitle['embed'],
    resumeKey: key,
    saveResume: request.resumeMode !== 'off' && embed.resume,
    start,
  };
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
