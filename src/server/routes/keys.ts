/** `/v2/me/keys`: create, list, rotate and revoke an account's API keys. */
import type { FastifyInstance } from 'fastify';
import type { ApiKey } from '../auth/keys.ts';
import { validateOrigins } from '../auth/origins.ts';
import type { AppContext } from '../context.ts';
import { badRequest, notFound } from '../errors.ts';

/** Default time a rotated key keeps working: one day. */
const DEFAULT_GRACE_SECONDS = 24 * 3600;
/** Maximum grace period: thirty days. */
const MAX_GRACE_SECONDS = 30 * 24 * 3600;

interface CreateBody {
  kind?: unknown;
  label?: unknown;
  origins?: unknown;
}

export function registerKeyRoutes(server: FastifyInstance, ctx: AppContext): void {
  server.get('/v2/me/keys', async (request) => {
    const { account } = ctx.authenticate(request, 'secret');
    return { data: ctx.keys.list(account.id).map(keyBody) };
  });

  server.post<{ Body: CreateBody | undefined }>('/v2/me/keys', async (request, reply) => {
    const { account } = ctx.authenticate(request, 'secret');
    const body = request.body ?? {};
    if (body.kind !== 'secret' && body.kind !== 'embed') {
      throw badRequest('kind', 'Invalid "kind": send "secret" (servers) or "embed" (browsers).');
    }
    const label = body.label ?? '';
    if (typeof label !== 'string' || label.length > 100) {
      throw badRequest('label', 'Invalid "label": send a string of at most 100 characters.');
    }
    const origins = validateOrigins(body.origins ?? []);
    if (body.kind === 'secret' && origins.length > 0) {
      throw badRequest(
        'origins',
        'Secret keys take no origins: they must never be used in browsers.',
      );
    }
    const created = ctx.keys.create({ accountId: account.id, kind: body.kind, label, origins });
    request.log.info({ key: created.key.id, kind: created.key.kind }, 'key created');
    return reply.code(201).send({ ...keyBody(created.key), key: created.secret });
  });

  server.post<{ Params: { keyId: string }; Body: { grace_seconds?: unknown } | undefined }>(
    '/v2/me/keys/:keyId/rotate',
    async (request, reply) => {
      const { account } = ctx.authenticate(request, 'secret');
      const old = ownKey(ctx, account.id, request.params.keyId);
      const grace = request.body?.grace_seconds ?? DEFAULT_GRACE_SECONDS;
      if (
        typeof grace !== 'number' ||
        !Number.isInteger(grace) ||
        grace < 0 ||
        grace > MAX_GRACE_SECONDS
      ) {
        throw badRequest(
          'grace_seconds',
          `Invalid "grace_seconds": send a whole number of seconds from 0 to ${MAX_GRACE_SECONDS}.`,
        );
      }
      const rotated = ctx.keys.rotate(old.id, grace);
      request.log.info({ key: old.id, replacement: rotated.key.id, grace }, 'key rotated');
      return reply.code(201).send({
        ...keyBody(rotated.key),
        key: rotated.secret,
        replaces: { id: old.id, expires_at: ctx.keys.get(old.id)!.expiresAt },
      });
    },
  );

  server.delete<{ Params: { keyId: string } }>('/v2/me/keys/:keyId', async (request, reply) => {
    const { account } = ctx.authenticate(request, 'secret');
    const key = ownKey(ctx, account.id, request.params.keyId);
    ctx.keys.revoke(key.id);
    request.log.info({ key: key.id }, 'key revoked');
    return reply.code(204).send();
  });
}

function ownKey(ctx: AppContext, accountId: string, id: string): ApiKey {
  if (!/^key_[A-Za-z0-9]{12}$/.test(id)) {
    throw badRequest(
      'keyId',
      `Invalid key id "${id.slice(0, 64)}": key ids look like key_ plus 12 letters and digits.`,
    );
  }
  const key = ctx.keys.get(id);
  if (!key || key.accountId !== accountId) throw notFound('key', id);
  return key;
}

/** Returns the listing form of a key, without its secret, which exists only at creation. */
export function keyBody(key: ApiKey) {
  return {
    id: key.id,
    kind: key.kind,
    hint: `…${key.hint}`,
    label: key.label,
    origins: key.origins,
    created_at: key.createdAt,
    expires_at: key.expiresAt,
    revoked_at: key.revokedAt,
  };
}
