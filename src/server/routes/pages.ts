/** The demo page at `/` and the player bundle it loads, under `/player/`. */
import type { FastifyInstance } from 'fastify';
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { AppContext } from '../context.ts';
import { ApiError, notFound } from '../errors.ts';
import { readDemoState } from '../demo.ts';

const root = resolve(import.meta.dirname, '..', '..', '..');
const playerDist = join(root, 'dist', 'player');

export function registerPageRoutes(server: FastifyInstance, ctx: AppContext): void {
  server.get('/', async (request, reply) => {
    const demo = readDemoState(ctx.config.dataDir);
    if (!demo) throw notFound('demo page', '/');
    const template = await readFile(join(root, 'demo', 'index.html'), 'utf8');
    const html = template
      .replaceAll('%CNX_API_BASE%', `${ctx.publicOrigin(request)}/v2`)
      .replaceAll('%CNX_EMBED_KEY%', demo.embed)
      .replaceAll('%CNX_MEDIA_ID%', demo.mediaId);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });

  // Browsers request it on every page, and an empty response keeps their consoles free of 404s.
  server.get('/favicon.ico', async (_request, reply) =>
    reply.code(204).header('cache-control', 'public, max-age=86400').send(),
  );

  server.get<{ Params: { file: string } }>('/player/:file', async (request, reply) => {
    const name = basename(request.params.file);
    const path = join(playerDist, name);
    if (!name.endsWith('.js') && !name.endsWith('.map')) throw notFound('player file', name);
    if (!existsSync(playerDist)) {
      throw new ApiError('unavailable', 'The player bundle is not built: run "npm run build".');
    }
    if (!existsSync(path)) throw notFound('player file', name);
    // Chunks have content hashes in their names; the entry keeps a stable URL.
    const cache =
      name === 'cnx-player.js' ? 'public, max-age=300' : 'public, max-age=31536000, immutable';
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', cache)
      .send(createReadStream(path));
  });
}
