/** `/v2/me/uploads`: an account's own videos. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_UPLOAD_BYTES } from '../../api/limits.ts';
import type { UploadListResponse } from '../../api/types.ts';
import type { AppContext } from '../context.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import { PLANS } from '../limits/plans.ts';
import { acceptUpload, discardUpload } from '../media/intake.ts';
import type { Account } from '../storage/accounts.ts';
import type { Upload } from '../storage/uploads.ts';
import { receiveUpload } from './multipart.ts';
import { mediaId, uploadBody } from './serialize.ts';

/** Multipart framing that a declared Content-Length may add on top of the file itself. */
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
    await ctx.files.remove(upload.id);
    request.log.info({ upload: upload.id }, 'upload deleted');
    return reply.code(204).send();
  });

  server.post('/v2/me/uploads', async (request, reply) => {
    const { account } = ctx.authenticate(request, 'secret');
    const remainingQuota = checkDeclaredSize(ctx, request, account);
    const received = await receiveUpload(request.raw, { files: ctx.files, remainingQuota });
    try {
      const upload = await acceptUpload(ctx, account, received);
      request.log.info({ upload: upload.id, bytes: upload.sizeBytes }, 'upload received');
      return reply.code(201).send(uploadBody(ctx, request, upload, account));
    } catch (error) {
      await discardUpload(received);
      throw error;
    }
  });
}

function ownUpload(ctx: AppContext, account: Account, rawId: string): Upload {
  const id = mediaId(rawId);
  const upload = ctx.uploads.get(id);
  if (!upload || upload.accountId !== account.id) throw notFound('upload', id);
  return upload;
}

/** Rejects the request before its body is read when its declared size cannot fit; returns the quota left. */
function checkDeclaredSize(ctx: AppContext, request: FastifyRequest, account: Account): number {
  if (!request.headers['content-type']?.startsWith('multipart/form-data')) {
    throw badRequest('Content-Type', 'Uploads must be multipart/form-data with a "file" field.');
  }
  const quota = account.storageQuotaBytes ?? PLANS[account.plan].storageBytes;
  const remaining = Math.max(0, quota - ctx.accounts.storedBytes(account.id));
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared)) {
    if (declared > MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES) {
      throw new ApiError(
        'unprocessable',
        `File too large: uploads are at most ${MAX_UPLOAD_BYTES} bytes (10 GB).`,
        {
          reason: 'file_too_large',
        },
      );
    }
    if (declared > remaining + MULTIPART_OVERHEAD_BYTES) {
      throw new ApiError(
        'unprocessable',
        `Storage quota exceeded: the upload declares ${declared} bytes and the account has ${remaining} left.`,
        { reason: 'quota_exceeded' },
      );
    }
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
