/** `/v2/me/uploads`: an account's own videos. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UploadListResponse } from '../../api/types.ts';
import type { AppContext } from '../context.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import { PLANS } from '../limits/plans.ts';
import { acceptUpload, discardUpload } from '../media/intake.ts';
import type { Account } from '../storage/accounts.ts';
import type { Upload } from '../storage/uploads.ts';
import { IdempotencyRepository, type IdempotencyRecord } from '../storage/idempotency.ts';
import {
  fileTooLarge,
  receiveUpload,
  UploadAbortedError,
  type ReceivedUpload,
} from './multipart.ts';
import { mediaId, uploadBody } from './serialize.ts';

/**
 * Fields, captions and multipart framing that a declared Content-Length may
 * add on top of the file itself. NOTE: an upload that sends more than this
 * in captions can be rejected by the early check while its file would fit.
 */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

export function registerUploadRoutes(server: FastifyInstance, ctx: AppContext): void {
  server.get<{ Querystring: { limit?: string; cursor?: string } }>(
    '/v2/me/uploads',
    async (request) => {
      const { account } = ctx.authenticate(request, 'secret');
      const limit = pageLimit(request.query.limit);
      const after = request.query.cursor ? decodeCursor(request.query.cursor) : undefined;
      const page = ctx.uploads.list(account.id, limit + 1, after);
      const items = page.slice(0, limit);
      const last = items.at(-1);
      const body: UploadListResponse = {
        data: items.map((upload) => uploadBody(ctx, request, upload, account)),
        next_cursor: page.length > limit && last ? encodeCursor(last) : null,
      };
      return body;
    },
  );

  server.get<{ Params: { id: string } }>('/v2/me/uploads/:id', async (request) => {
    const { account } = ctx.authenticate(request, 'secret');
    return uploadBody(ctx, request, ownUpload(ctx, account, request.params.id), account);
  });

  server.delete<{ Params: { id: string } }>('/v2/me/uploads/:id', async (request, reply) => {
    const { account } = ctx.authenticate(request, 'secret');
    const upload = ownUpload(ctx, account, request.params.id);
    // The record goes first so that no response ever points at files being removed.
    ctx.uploads.delete(upload.id);
    await ctx.queue.cancel(upload.id);
    await ctx.files.remove(upload.id);
    request.log.info({ upload: upload.id }, 'upload deleted');
    return reply.code(204).send();
  });

  const idempotency = new IdempotencyRepository(ctx.db);
  /** Idempotency keys of uploads being received now, as `<account>:<key>`. */
  const keysInFlight = new Set<string>();

  server.post('/v2/me/uploads', async (request, reply) => {
    const { account } = ctx.authenticate(request, 'secret');
    const key = idempotencyKey(request);
    if (!key) return receiveAndAccept(ctx, request, reply, account);

    const slot = `${account.id}:${key}`;
    if (keysInFlight.has(slot)) {
      throw new ApiError(
        'conflict',
        `An upload with Idempotency-Key "${key}" is still being received: retry when it has finished.`,
      );
    }
    keysInFlight.add(slot);
    try {
      const first = idempotency.find(account.id, key);
      if (first) return await replay(ctx, request, reply, account, key, first);
      const upload = await receiveAndAccept(ctx, request, reply, account, (received, accepted) =>
        idempotency.save(account.id, key, {
          fingerprint: received.fingerprint ?? '',
          uploadId: accepted.id,
        }),
      );
      return upload;
    } finally {
      keysInFlight.delete(slot);
    }
  });
}

/** Receives the body, accepts the upload and sends 201; `onAccepted` runs before the reply. */
async function receiveAndAccept(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  account: Account,
  onAccepted?: (received: ReceivedUpload, upload: Upload) => void,
) {
  const remainingQuota = checkDeclaredSize(ctx, request, account);
  const received = await receive(ctx, request, remainingQuota);
  try {
    const upload = await acceptUpload(ctx, account, received);
    onAccepted?.(received, upload);
    request.log.info({ upload: upload.id, bytes: upload.sizeBytes }, 'upload received');
    return reply.code(201).send(uploadBody(ctx, request, upload, account));
  } catch (error) {
    await discardUpload(received);
    throw error;
  }
}

/**
 * Responds to a retry of an upload whose Idempotency-Key is known. The body is
 * received again, because only its fingerprint distinguishes a retry from another
 * request; it is then dropped. As in Stripe's API, the same request gets
 * the first result (201, with the upload's current state) and a different
 * one gets 409.
 */
async function replay(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  account: Account,
  key: string,
  first: IdempotencyRecord,
) {
  checkContentType(request);
  // The first upload is stored already, so a retry of it is not held to the quota again.
  const received = await receive(ctx, request, Number.MAX_SAFE_INTEGER);
  await discardUpload(received);
  if (received.fingerprint !== first.fingerprint) {
    throw new ApiError(
      'conflict',
      `Idempotency-Key "${key}" was already used for a different upload: send a new key for a new upload.`,
    );
  }
  const upload = ownUpload(ctx, account, first.uploadId);
  request.log.info({ upload: upload.id }, 'upload retry returned the first result');
  return reply
    .code(201)
    .header('idempotent-replayed', 'true')
    .send(uploadBody(ctx, request, upload, account));
}

async function receive(
  ctx: AppContext,
  request: FastifyRequest,
  remainingQuota: number,
): Promise<ReceivedUpload> {
  try {
    return await receiveUpload(request.raw, {
      files: ctx.files,
      maxFileBytes: ctx.config.maxUploadBytes,
      remainingQuota,
    });
  } catch (error) {
    if (!(error instanceof UploadAbortedError)) throw error;
    request.log.info('upload aborted by the client');
    // The client is gone, so this response is never read; as an ApiError it is not logged as a fault.
    throw new ApiError('bad_request', error.message, { field: 'body' });
  }
}

/** Returns the request's Idempotency-Key, or undefined without one; throws 400 when it is malformed. */
function idempotencyKey(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw badRequest(
      'Idempotency-Key',
      'Invalid Idempotency-Key: send 1 to 255 visible ASCII characters, such as a UUID.',
    );
  }
  return key;
}

function ownUpload(ctx: AppContext, account: Account, rawId: string): Upload {
  const id = mediaId(rawId);
  const upload = ctx.uploads.get(id);
  if (!upload || upload.accountId !== account.id) throw notFound('upload', id);
  return upload;
}

function checkContentType(request: FastifyRequest): void {
  if (!request.headers['content-type']?.startsWith('multipart/form-data')) {
    throw new ApiError(
      'unsupported_media_type',
      `Unsupported Content-Type "${request.headers['content-type'] ?? ''}": uploads are ` +
        'multipart/form-data with a "file" field.',
      { field: 'Content-Type' },
    );
  }
}

/**
 * Rejects the request before its body is read when its declared length
 * cannot fit the upload limit or the account's quota; returns the quota left.
 */
function checkDeclaredSize(ctx: AppContext, request: FastifyRequest, account: Account): number {
  checkContentType(request);
  const quota = account.storageQuotaBytes ?? PLANS[account.plan].storageBytes;
  const remaining = Math.max(0, quota - ctx.accounts.storedBytes(account.id));
  const declared = Number(request.headers['content-length']);
  if (!Number.isFinite(declared)) return remaining;
  if (declared > ctx.config.maxUploadBytes + MULTIPART_OVERHEAD_BYTES) {
    throw fileTooLarge(ctx.config.maxUploadBytes);
  }
  if (declared > remaining + MULTIPART_OVERHEAD_BYTES) {
    throw new ApiError(
      'unprocessable',
      `Storage quota exceeded: the upload declares ${declared} bytes and the account has ${remaining} left. Delete uploads or change plan.`,
      { reason: 'quota_exceeded' },
    );
  }
  return remaining;
}

function pageLimit(raw: string | undefined): number {
  if (raw === undefined) return 20;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw badRequest('limit', `Invalid limit "${raw}": send a whole number from 1 to 100.`);
  }
  return limit;
}

function encodeCursor(upload: Upload): string {
  return Buffer.from(JSON.stringify([upload.createdAt, upload.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string') return { createdAt, id };
  } catch {
    // Falls through to the error below.
  }
  throw badRequest('cursor', 'Invalid cursor: pass the next_cursor of a previous page as it is.');
}
