/** `GET /v2/title/{id}`: metadata of a title or upload. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { mediaId, sendWithEtag, titleBody } from './serialize.ts';

export function registerTitleRoutes(server: FastifyInstance, ctx: AppContext): void {
  server.get<{ Params: { id: string } }>('/v2/title/:id', async (request, reply) => {
    const caller = ctx.authenticate(request, 'playback');
    const id = mediaId(request.params.id);
    const upload = ctx.uploads.get(id);
    if (!upload || upload.accountId !== caller.account.id) throw notFound('title or upload', id);
    return sendWithEtag(request, reply, titleBody(ctx, request, upload));
  });
}
