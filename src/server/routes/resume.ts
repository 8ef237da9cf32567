/**
 * Resume sync: `GET` and `PUT /v2/resume/{id}` read and write the calling
 * viewer's position, and `POST /v2/viewer-tokens` lets a site's backend
 * name its viewers so that positions follow them across devices.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isCompletedPosition } from '../../api/limits.ts';
import type { Caller } from '../auth/authenticate.ts';
import {
  DEVICE_ID_HEADER,
  mintViewerToken,
  VIEWER_ID_PATTERN,
  VIEWER_TOKEN_HEADER,
  viewerOf,
} from '../auth/viewers.ts';
import type { AppContext } from '../context.ts';
import { badRequest } from '../errors.ts';
import type { ResumeRecord } from '../storage/resume.ts';
import { findMedia } from './lookup.ts';

/** Default and longest lifetimes of a viewer token, in seconds. */
const DEFAULT_TOKEN_TTL = 30 * 24 * 3600;
const MAX_TOKEN_TTL = 365 * 24 * 3600;

interface ResumeBody {
  position?: unknown;
  duration?: unknown;
  completed?: unknown;
  updated_at?: unknown;
  sent_at?: unknown;
}

export function registerResumeRoutes(server: FastifyInstance, ctx: AppContext): void {
  server.post<{ Body: { viewer?: unknown; ttl_seconds?: unknown } | undefined }>(
    '/v2/viewer-tokens',
    async (request, reply) => {
      const { account } = ctx.authenticate(request, 'secret');
      const viewer = request.body?.viewer;
      if (typeof viewer !== 'string' || !VIEWER_ID_PATTERN.test(viewer)) {
        throw badRequest(
          'viewer',
          'Invalid "viewer": send your own id of the user, 1 to 128 letters, digits or _.:@-.',
        );
      }
      const ttl = request.body?.ttl_seconds ?? DEFAULT_TOKEN_TTL;
      if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 60 || ttl > MAX_TOKEN_TTL) {
        throw badRequest(
          'ttl_seconds',
          `Invalid "ttl_seconds": send a whole number from 60 to ${MAX_TOKEN_TTL}.`,
        );
      }
      const key = ctx.signingKeys()[0]!;
      const { token, expires } = mintViewerToken(key, account.id, viewer, ttl);
      return reply
        .code(201)
        .send({ token, viewer, expires_at: new Date(expires * 1000).toISOString() });
    },
  );

  server.get<{ Params: { id: string } }>('/v2/resume/:id', async (request, reply) => {
    const caller = ctx.authenticate(request, 'playback');
    const id = mediaIdOf(ctx, caller, request.params.id);
    const stored = ctx.resume.get(caller.account.id, requireViewer(ctx, request, caller), id);
    return reply
      .header('cache-control', 'no-store')
      .send({ record: stored ? recordBody(stored) : null });
  });

  server.put<{ Params: { id: string }; Body: ResumeBody | undefined }>(
    '/v2/resume/:id',
    async (request) => {
      const caller = ctx.authenticate(request, 'playback');
      const id = mediaIdOf(ctx, caller, request.params.id);
      const viewer = requireViewer(ctx, request, caller);
      const record = parseRecord(request.body ?? {}, Date.now());
      const merged = ctx.resume.merge(caller.account.id, viewer, id, record);
      return { record: recordBody(merged.record), applied: merged.applied };
    },
  );
}

/** Returns the identified viewer's stored record for `mediaId`, ignoring an unusable identity. */
export function resumeForEmbed(
  ctx: AppContext,
  request: FastifyRequest,
  caller: Caller,
  mediaId: string,
): ResumeRecord | undefined {
  try {
    const viewer = viewerOf(request, caller.account.id, ctx.signingKeys());
    return viewer ? ctx.resume.get(caller.account.id, viewer, mediaId) : undefined;
  } catch (error) {
    // An embed still plays with a bad viewer token; the resume endpoints report it.
    request.log.warn({ err: error }, 'viewer identity ignored for embed');
    return undefined;
  }
}

function mediaIdOf(ctx: AppContext, caller: Caller, rawId: string): string {
  const media = findMedia(ctx, caller, rawId);
  return media.kind === 'upload' ? media.upload.id : media.title.id;
}

function requireViewer(ctx: AppContext, request: FastifyRequest, caller: Caller): string {
  const viewer = viewerOf(request, caller.account.id, ctx.signingKeys());
  if (!viewer) {
    throw badRequest(
      VIEWER_TOKEN_HEADER,
      `No viewer: send ${VIEWER_TOKEN_HEADER} with a token from POST /v2/viewer-tokens, or ${DEVICE_ID_HEADER}.`,
    );
  }
  return viewer;
}

/**
 * Validates a written record. `updated_at` is the client's clock, so it is
 * moved by the difference between the server's clock and the client's
 * `sent_at`: a device whose clock is behind still wins with a newer write.
 */
function parseRecord(body: ResumeBody, now: number): ResumeRecord {
  const number = (field: keyof ResumeBody, value: unknown) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw badRequest(field, `Invalid "${field}": send a finite number of at least 0.`);
    }
    return value;
  };
  const position = number('position', body.position);
  const duration = number('duration', body.duration);
  if (duration > 0 && position > duration + 1) {
    throw badRequest(
      'position',
      `Invalid "position" ${position}: it is past the duration ${duration}.`,
    );
  }
  if (body.completed !== undefined && typeof body.completed !== 'boolean') {
    throw badRequest('completed', 'Invalid "completed": send true or false.');
  }
  const updatedAt = number('updated_at', body.updated_at);
  const sentAt = body.sent_at === undefined ? undefined : number('sent_at', body.sent_at);
  const adjusted =
    sentAt === undefined ? Math.min(updatedAt, now) : Math.min(now, updatedAt + (now - sentAt));
  return {
    position,
    duration,
    completed: body.completed === true || isCompletedPosition(position, duration),
    updatedAt: Math.round(adjusted),
  };
}

function recordBody(record: ResumeRecord) {
  return {
    position: record.position,
    duration: record.duration,
    completed: record.completed,
    updated_at: record.updatedAt,
  };
}
