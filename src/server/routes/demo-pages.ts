/**
 * Demo pages under `/demo/`, one for each way to embed the player: a plain
 * page with a script tag, a page that frames the embed page and drives it
 * with postMessage, and a React single-page app built into dist/demo/spa.
 * Like `/`, they play the demo title with the demo account's embed key.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AppContext } from '../context.ts';
import { readDemoState } from '../demo.ts';
import { ApiError, notFound } from '../errors.ts';
import { sendBuiltFile } from './built-files.ts';

const root = resolve(import.meta.dirname, '..', '..', '..');
const spaDist = join(root, 'dist', 'demo', 'spa');

/** Demo pages served from demo/ as they are, apart from their placeholders. */
const PAGES = ['script-tag.html', 'iframe.html'];

export function registerDemoRoutes(server: FastifyInstance, ctx: AppContext): void {
  server.get<{ Params: { page: string } }>('/demo/:page', async (request, reply) => {
    const page = request.params.page;
    if (!PAGES.includes(page)) throw notFound('demo page', page);
    const html = await fillPlaceholders(ctx, request, join(root, 'demo', page));
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });

  server.get<{ Params: { file: string } }>('/demo/spa/assets/:file', (request, reply) =>
    sendBuiltFile(reply, 'dist/demo/spa/assets', request.params.file, []),
  );

  // Every other path under /demo/spa/ is a route of the app, which renders it in the browser.
  const sendApp = async (request: FastifyRequest, reply: FastifyReply) => {
    const index = join(spaDist, 'index.html');
    if (!existsSync(index)) {
      throw new ApiError('unavailable', 'The demo app is not built: run "npm run build".');
    }
    const html = await fillPlaceholders(ctx, request, index);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  };
  server.get('/demo/spa', sendApp);
  server.get('/demo/spa/*', sendApp);
}

/** Reads the page at `path` and fills in the server's API base, the demo key and title. */
async function fillPlaceholders(
  ctx: AppContext,
  request: FastifyRequest,
  path: string,
): Promise<string> {
  const demo = readDemoState(ctx.config.dataDir);
  if (!demo) throw notFound('demo page', request.url);
  const template = await readFile(path, 'utf8');
  return template
    .replaceAll('%CNX_API_BASE%', `${ctx.publicOrigin(request)}/v2`)
    .replaceAll('%CNX_EMBED_KEY%', demo.embed)
    .replaceAll('%CNX_MEDIA_ID%', demo.mediaId);
}
