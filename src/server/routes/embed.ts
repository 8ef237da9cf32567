/** `GET /v2/embed/{id}`: everything a player needs to start a title. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { embedBody, mediaId, sendWithEtag } from './serialize.ts';

export function registerEmbedRoutes(server: FastifyInstance, ctx: AppContext): void {
  server.get<{ Params: { id: string } }>('/v2/embed/:id', async (request, reply) => {
    const caller = ctx.authenticate(request, 'playback');
    const id = mediaId(request.params.id);
    const upload = ctx.uploads.get(id);
    if (!upload || upload.accountId !== caller.account.id) throw notFound('title or upload', id);
    return sendWithEtag(request, reply, embedBody(ctx, request, upload));
  });
}
