/**
 * `GET /embed/{id}`: the embed host page behind `embed_url`, meant for an
 * iframe. The URL carries the site's public embed key as `?key=cnx_embed_…`,
 * because the page calls the API from the browser and embed keys are public.
 * The key's origin allowlist becomes the page's `frame-ancestors` policy, so
 * only the key's sites can frame it. Invalid URLs get an HTML error page,
 * because the response is shown inside the frame.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { originAllowed } from '../auth/origins.ts';
import { PAGE_TOKEN_PREFIX, verifyPageToken } from '../auth/page-tokens.ts';
import type { Caller } from '../auth/authenticate.ts';
import type { AppContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { renderEmbedErrorPage, renderEmbedPage } from './embed-html.ts';
import { parseEmbedOptions } from './embed-options.ts';
import { findMedia } from './lookup.ts';

type EmbedPageRequest = FastifyRequest<{
  Params: { id: string };
  Querystring: Record<string, unknown>;
}>;

export function registerEmbedPageRoutes(server: FastifyInstance, ctx: AppContext): void {
  server.get('/embed/:id', async (request: EmbedPageRequest, reply) => {
    try {
      return await sendEmbedPage(ctx, request, reply);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      request.log.info({ code: error.code, id: request.params.id }, 'embed page rejected');
      // Any site may frame the error page, so that the developer reads the reason in their own page.
      return reply
        .code(error.status)
        .headers(error.headers)
        .header('content-security-policy', 'frame-ancestors *')
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(renderEmbedErrorPage(error.toBody(request.url.split('?')[0])));
    }
  });
}

async function sendEmbedPage(ctx: AppContext, request: EmbedPageRequest, reply: FastifyReply) {
  const options = parseEmbedOptions(request.query);
  const caller = embedCaller(ctx, options.key);
  const media = findMedia(ctx, caller, request.params.id);
  const origins = caller.key.origins;
  if (options.origin && !originAllowed(options.origin, origins)) {
    throw new ApiError(
      'forbidden',
      `Origin ${options.origin} is not allowed for this embed key: add it to the key's allowed origins.`,
      { field: 'origin' },
    );
  }
  const publicOrigin = ctx.publicOrigin(request);
  const id = media.kind === 'upload' ? media.upload.id : media.title.id;
  const embedUrl = `${publicOrigin}${request.url}`;
  const html = renderEmbedPage(
    {
      mediaId: id,
      title: media.kind === 'upload' ? media.upload.title : media.title.title,
      apiBase: `${publicOrigin}/v2`,
      oembedUrl: `${publicOrigin}/oembed?format=json&url=${encodeURIComponent(embedUrl)}`,
      allowsEveryOrigin: origins.length === 0,
    },
    options,
  );
  return reply
    .header('content-security-policy', `frame-ancestors ${frameAncestors(origins)}`)
    .header('cache-control', 'private, no-cache')
    .type('text/html; charset=utf-8')
    .send(html);
}

/**
 * Returns the caller that an embed key stands for, or throws the 401 of an
 * unknown, revoked or expired key. Page views are not counted against a rate
 * limit, because the API requests that the page's player makes are.
 */
export function embedCaller(ctx: AppContext, key: string): Caller {
  const found = key.startsWith(PAGE_TOKEN_PREFIX)
    ? verifyPageToken(key, ctx.signingKeys())
    : ctx.keys.findActive(key);
  const account = found && found.kind === 'embed' ? ctx.accounts.get(found.accountId) : undefined;
  if (!found || !account) {
    throw new ApiError(
      'unauthorized',
      'Invalid "key": it is unknown, revoked or expired. Create a new embed key.',
      { field: 'key' },
    );
  }
  return { account, key: found, publicKey: key };
}

/**
 * Returns the `frame-ancestors` sources of an allowlist. Its entries, exact
 * origins and `https://*.example.com` wildcards, are valid CSP sources as
 * they are; an empty list allows every origin.
 */
export function frameAncestors(origins: string[]): string {
  return origins.length === 0 ? '*' : origins.join(' ');
}
