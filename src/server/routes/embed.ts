/** `GET /v2/embed/{id}`: everything a player needs to start a title. */
import type { FastifyInstance } from 'fastify';
import type { EmbedResponse } from '../../api/types.ts';
import type { AppContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { CatalogTitle } from '../storage/catalog.ts';
import { findMedia } from './lookup.ts';
import { resumeForEmbed } from './resume.ts';
import { embedBody, embedUrl, sendWithEtag } from './serialize.ts';

export function registerEmbedRoutes(server: FastifyInstance, ctx: AppContext): void {
  server.get<{ Params: { id: string } }>('/v2/embed/:id', async (request, reply) => {
    const caller = ctx.authenticate(request, 'playback');
    const media = findMedia(ctx, caller, request.params.id);
    const body =
      media.kind === 'upload'
        ? embedBody(ctx, request, caller, media.upload)
        : await catalogEmbed(ctx, media.title, embedUrl(ctx, request, caller, media.title.id));
    // The stored position comes with the embed, so playback needs no second request to start.
    const stored = resumeForEmbed(ctx, request, caller, body.id);
    if (stored) {
      body.resume_position = stored.completed ? 0 : stored.position;
      body.resume_updated_at = stored.updatedAt;
      body.resume_completed = stored.completed;
    }
    reply.header('vary', 'Authorization, X-CNX-Viewer-Token, X-CNX-Device-Id');
    return sendWithEtag(request, reply, body);
  });
}

/** Embeds a catalog title through the source that the resolver picks now. */
async function catalogEmbed(
  ctx: AppContext,
  title: CatalogTitle,
  embedPage: string,
): Promise<EmbedResponse> {
  const source = await ctx.resolver.resolve(title.id);
  if (!source) {
    throw new ApiError(
      'unavailable',
      `No source of title "${title.id}" answers right now: try again shortly.`,
      {},
      { 'retry-after': '30' },
    );
  }
  return {
    id: title.id,
    embed_url: embedPage,
    status: 'ready',
    qualities: source.qualities,
    subtitles: source.subtitles,
    resume: true,
    hls_url: source.url,
    expires_at: null,
    poster: title.poster,
    thumbnails: null,
    duration: title.duration,
  };
}
