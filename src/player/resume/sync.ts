/**
 * Server sync of resume positions: writes go to `PUT /v2/resume/{id}`, and
 * writes that fail are queued in memory and sent again when the browser is
 * back online and after the next request that succeeds.
 */
import { putResume, type ViewerHeaders } from '../api-client.js';
import { PlayerError } from '../errors.js';
import type { Logger } from '../logger.js';
import { noteResumeWrite } from './clock.js';
import type { ResumeRecord } from './policy.js';

/** Most failed writes kept for a retry; the oldest is dropped beyond this. */
export const MAX_QUEUED_WRITES = 50;

/** Server destination of one viewer's positions in one title. */
export interface SyncTarget {
  apiBase: string;
  apiKey: string;
  mediaId: string;
  viewer: ViewerHeaders;
  /** Local store key of the record, which also keys the queue. */
  key: string;
}

interface QueuedWrite {
  target: SyncTarget;
  record: ResumeRecord;
  logger: Logger;
}

/** Failed writes by record key, oldest first; only the newest record of each key is kept. */
const queue = new Map<string, QueuedWrite>();
let flushing = false;

/**
 * Sends `record` to the server. A write that fails for a passing reason
 * (no network, a 5xx, 408 or 429) is queued for a retry. A write that the
 * server rejects otherwise is logged and dropped. Never rejects.
 */
export async function pushResume(
  target: SyncTarget,
  record: ResumeRecord,
  logger: Logger,
  options: { keepalive?: boolean } = {},
): Promise<void> {
  const sent = await send({ target, record, logger }, options.keepalive ?? false);
  if (sent) void flushQueuedWrites();
}

/** Sends the queued writes again; called after any API request that succeeded. */
export async function flushQueuedWrites(): Promise<void> {
  if (flushing) return;
  flushing = true;
  try {
    for (const [key, write] of [...queue]) {
      // A newer failed write may have replaced this one meanwhile.
      if (queue.get(key) !== write) continue;
      queue.delete(key);
      if (!(await send(write, false))) break;
    }
  } finally {
    flushing = false;
    if (queue.size === 0) globalThis.removeEventListener?.('online', onOnline);
  }
}

/** Returns the number of queued writes; for tests. */
export function queuedWriteCount(): number {
  return queue.size;
}

const onOnline = () => void flushQueuedWrites();

/** Sends one write; resolves whether it reached the server, queuing it when it should be retried. */
async function send(write: QueuedWrite, keepalive: boolean): Promise<boolean> {
  const { target, record, logger } = write;
  const sentAt = Date.now();
  try {
    const result = await putResume({
      apiBase: target.apiBase,
      apiKey: target.apiKey,
      mediaId: target.mediaId,
      viewer: target.viewer,
      body: {
        position: record.position,
        duration: record.duration,
        completed: record.completed,
        updated_at: record.updatedAt,
        sent_at: sentAt,
      },
      keepalive,
    });
    if (result.applied) noteResumeWrite(target.apiBase, record.updatedAt, result.record.updated_at);
    return true;
  } catch (error) {
    if (!isRetriable(error)) {
      logger.warn('the server rejected the position', target.key, error);
      return true;
    }
    logger.debug('saving the position on the server failed, queued', target.key, error);
    enqueue(write);
    return false;
  }
}

function isRetriable(error: unknown): boolean {
  if (!(error instanceof PlayerError)) return true;
  const status = error.status;
  return status === undefined || status >= 500 || status === 408 || status === 429;
}

function enqueue(write: QueuedWrite): void {
  const queued = queue.get(write.target.key);
  if (queued && queued.record.updatedAt > write.record.updatedAt) return;
  // Deleting first moves the key to the end, so the map stays oldest first.
  queue.delete(write.target.key);
  queue.set(write.target.key, write);
  while (queue.size > MAX_QUEUED_WRITES) queue.delete(queue.keys().next().value!);
  globalThis.addEventListener?.('online', onOnline);
}
