/** `GET /v2/title/{id}`: metadata of a title or upload; `POST /v2/title/{id}/views` counts a view. */
import type { FastifyInstance } from 'fastify';
import type { TitleResponse } from '../../api/types.ts';
import type { AppContext } from '../context.ts';
import { VIEWER_TOKEN_HEADER, viewerOf } from '../auth/viewers.ts';
import { badRequest } from '../errors.ts';
import { findMedia } from './lookup.ts';
import { sendWithEtag, titleBody } from './serialize.ts';

/** Shape of a viewer id sent by the player: its anonymous device id or viewer token subject. */
const VIEWER_PATTERN = /^[A-Za-z0-9_.:-]{8,200}$/;

export function registerTitleRoutes(server: FastifyInstance, ctx: AppContext): void {
  server.get<{ Params: { id: string } }>('/v2/title/:id', async (request, reply) => {
    const caller = ctx.authenticate(request, 'playback');
    const media = findMedia(ctx, caller, request.params.id);
    let body: TitleResponse;
    if (media.kind === 'upload') body = titleBody(ctx, request, media.upload);
    else {
      const { title } = media;
      body = {
        id: title.id,
        title: title.title,
        duration: title.duration,
        poster: title.poster,
        size_mb: 0,
        views: title.views,
        streamable: true,
      };
    }
    return sendWithEtag(request, reply, body);
  });

  server.post<{ Params: { id: string }; Body: { viewer?: unknown } | undefined }>(
    '/v2/title/:id/views',
    async (request, reply) => {
      const caller = ctx.authenticate(request, 'playback');
      const media = findMedia(ctx, caller, request.params.id);
      const viewer = request.body?.viewer;
      if (viewer !== undefined && (typeof viewer !== 'string' || !VIEWER_PATTERN.test(viewer))) {
        throw badRequest(
          'viewer',
          'Invalid "viewer": send 8 to 200 letters, digits or _.:- characters.',
        );
      }
      // A signed-in viewer counts once across devices; without any id, the client address and
      // browser stand in for one.
      const signedIn = request.headers[VIEWER_TOKEN_HEADER]
        ? viewerOf(request, caller.account.id, ctx.signingKeys())
        : undefined;
      const who = signedIn ?? viewer ?? `${request.ip}|${request.headers['user-agent'] ?? ''}`;
      const id = media.kind === 'upload' ? media.upload.id : media.title.id;
      const counted = ctx.views.record(id, `${caller.account.id}|${who}`, media.kind);
      return reply.code(202).send({ counted });
    },
  );
}
