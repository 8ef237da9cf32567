/**
 * Routes of the three ways to embed the player: the versioned script-tag
 * URL `/player/v1/cnx-player.js`, the iframe page `/embed/{id}` with its
 * script and oEmbed, and the demo pages under `/demo/`.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { sendBuiltFile } from './built-files.ts';
import { registerDemoRoutes } from './demo-pages.ts';
import { registerEmbedPageRoutes } from './embed-page.ts';
import { registerOembedRoutes } from './oembed.ts';

export function registerDistributionRoutes(server: FastifyInstance, ctx: AppContext): void {
  // Version 1 of the element's attributes and events. It serves the same build as /player/,
  // and a release that breaks them would be served under /player/v2/.
  server.get<{ Params: { file: string } }>('/player/v1/:file', (request, reply) =>
    sendBuiltFile(reply, 'dist/player', request.params.file, [
      'cnx-player.js',
      'cnx-player.js.map',
    ]),
  );
  server.get<{ Params: { file: string } }>('/embed/assets/:file', (request, reply) =>
    sendBuiltFile(reply, 'dist/embed', request.params.file, ['embed.js', 'embed.js.map']),
  );
  registerEmbedPageRoutes(server, ctx);
  registerOembedRoutes(server, ctx);
  registerDemoRoutes(server, ctx);
}
