/**
 * The app factory: the Fastify instance with every route, used by the
 * process entry point and by tests.
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { bindAuthenticate, repositories, type AppContext } from './context.ts';
import { isLoopback, type ServerConfig } from './config.ts';
import { ApiError, problem } from './errors.ts';
import { MemoryCounterStore, rateLimitHeaders, RateLimiter } from './limits/rate-limiter.ts';
import { SourceResolver } from './catalog/resolver.ts';
import { findBinaries } from './media/binaries.ts';
import { convertUpload } from './media/pipeline.ts';
import { InProcessQueue } from './media/queue.ts';
import { recoverConversions } from './media/recovery.ts';
import {
  clientErrorHandler,
  closeIdleConnections,
  frameworkErrorHandler,
} from './protocol-errors.ts';
import { registerDocRoutes } from './routes/docs.ts';
import { registerDistributionRoutes } from './routes/distribution.ts';
import { registerEmbedRoutes } from './routes/embed.ts';
import { registerKeyRoutes } from './routes/keys.ts';
import { registerMediaRoutes } from './routes/media.ts';
import { registerPageRoutes } from './routes/pages.ts';
import { registerResumeRoutes } from './routes/resume.ts';
import { registerTitleRoutes } from './routes/title.ts';
import { registerUploadRoutes } from './routes/uploads.ts';
import { MediaSigner, signingKeyFile } from './signing.ts';
import { openDatabase } from './storage/db.ts';
import { LocalFileStore } from './storage/files.ts';

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers':
    'Authorization, Content-Type, If-None-Match, Range, Idempotency-Key, X-CNX-Viewer-Token, ' +
    'X-CNX-Device-Id',
  'access-control-allow-methods': 'GET, HEAD, POST, PUT, DELETE, OPTIONS',
  'access-control-expose-headers':
    'Date, ETag, Content-Range, Content-Length, RateLimit, RateLimit-Policy, X-RateLimit-Limit, ' +
    'X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After',
  'access-control-max-age': '600',
};

export interface App {
  server: FastifyInstance;
  ctx: AppContext;
  /** Stops the conversions, closes the server and the database. */
  close(): Promise<void>;
}

/** Builds the app on `config`; call `server.listen` to serve it. */
export async function createApp(config: ServerConfig): Promise<App> {
  const server = Fastify({
    ...(config.tlsCert && config.tlsKey
      ? { https: { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) } }
      : {}),
    logger: { level: config.logLevel, redact: ['req.headers.authorization'] },
    bodyLimit: 1024 * 1024,
    // Path parameters are ids and signed tokens, all far shorter than this.
    routerOptions: { maxParamLength: 200 },
    trustProxy: config.trustProxy,
    connectionTimeout: config.idleTimeoutMs,
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler(CORS_HEADERS),
  });
  closeIdleConnections(server);
  const db = openDatabase(config.dataDir);
  const repos = repositories(db);
  const files = new LocalFileStore(config.dataDir);
  const signingKeys = signingKeyFile(config.dataDir);
  const publicOrigin = (request: { protocol: string; host: string }) =>
    config.publicUrl ?? `${request.protocol}://${request.host}`;
  const binaries = findBinaries({ ffmpeg: config.ffmpegPath, ffprobe: config.ffprobePath });
  const partial = {
    config,
    db,
    ...repos,
    files,
    binaries,
    log: server.log,
    signer: new MediaSigner(signingKeys, config.mediaUrlTtl),
    signingKeys,
    authenticate: bindAuthenticate(
      { ...repos, config, signingKeys, publicOrigin },
      new RateLimiter(new MemoryCounterStore(), config.rateLimitWindowMs),
    ),
    resolver: new SourceResolver({
      sourcesOf: (id) => repos.catalog.get(id)?.sources,
      refreshMs: config.catalogRefreshMs,
      timeoutMs: config.catalogTimeoutMs,
      log: server.log,
    }),
    publicOrigin,
  };
  const queue = new InProcessQueue(
    (id, signal) => convertUpload(partial, id, signal),
    config.conversionConcurrency,
  );
  const ctx: AppContext = { ...partial, queue };

  installErrorHandling(server);
  // CORS headers come first so that every response, errors included, has them.
  server.addHook('onRequest', async (request, reply) => {
    reply.headers(CORS_HEADERS);
    if (request.method === 'OPTIONS') return reply.code(204).send();
  });
  installTransportRules(server, config);
  server.addHook('onSend', async (request, reply) => {
    if (request.rateLimit) reply.headers(rateLimitHeaders(request.rateLimit));
  });
  // Uploads are parsed as streams by the upload route itself, never buffered here.
  server.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));

  registerEmbedRoutes(server, ctx);
  registerTitleRoutes(server, ctx);
  registerUploadRoutes(server, ctx);
  registerKeyRoutes(server, ctx);
  registerResumeRoutes(server, ctx);
  registerMediaRoutes(server, ctx);
  registerPageRoutes(server, ctx);
  registerDistributionRoutes(server, ctx);
  registerDocRoutes(server);

  await files.clearTemporary();
  await recoverConversions(ctx);
  ctx.resolver.start();

  return {
    server,
    ctx,
    async close() {
      ctx.resolver.stop();
      await queue.close();
      await server.close();
      db.close();
    },
  };
}

/** HSTS over TLS; behind a proxy, plain-HTTP requests from other machines are refused. */
function installTransportRules(server: FastifyInstance, config: ServerConfig): void {
  if (config.tlsCert) {
    server.addHook('onRequest', async (_request, reply) => {
      reply.header('strict-transport-security', 'max-age=63072000; includeSubDomains');
    });
    return;
  }
  server.addHook('onRequest', async (request) => {
    if (request.protocol === 'https' || isLoopback(request.ip)) return;
    throw new ApiError(
      'forbidden',
      `HTTPS required: this request reached the server over plain HTTP from ${request.ip}. ` +
        'Call the API with an https:// URL.',
    );
  });
}

function installErrorHandling(server: FastifyInstance): void {
  // Route patterns by method, so that a wrong method can get 405 instead of 404.
  const routes: { method: string; pattern: RegExp }[] = [];
  server.addHook('onRoute', (route) => {
    const source = route.url
      .split('/')
      .map((part) =>
        part.startsWith(':')
          ? '[^/]+'
          : part === '*'
            ? '.*'
            : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    for (const method of [route.method].flat())
      routes.push({ method, pattern: new RegExp(`^${source}$`) });
  });
  server.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      reply.headers(error.headers).code(error.status).send(error.toBody(request.url));
      return;
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      reply
        .code(500)
        .send(
          problem(
            'internal',
            'Internal error: try again; if it persists, report it.',
            {},
            request.url,
          ),
        );
      return;
    }
    if (status === 415) {
      reply
        .code(415)
        .send(
          problem(
            'unsupported_media_type',
            `Unsupported Content-Type "${request.headers['content-type'] ?? ''}": send application/json.`,
            {},
            request.url,
          ),
        );
      return;
    }
    if (status === 413) {
      reply
        .code(413)
        .send(
          problem('payload_too_large', `Request body too large: ${error.message}`, {}, request.url),
        );
      return;
    }
    reply
      .code(400)
      .send(problem('bad_request', `Malformed request: ${error.message}`, {}, request.url));
  });
  server.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const methods = [
      ...new Set(routes.filter((route) => route.pattern.test(path)).map((route) => route.method)),
    ].filter((method) => method !== request.method && method !== 'HEAD');
    if (methods.length > 0) {
      reply
        .code(405)
        .header('allow', methods.join(', '))
        .send(
          problem(
            'method_not_allowed',
            `${request.method} is not allowed on ${path}: use ${methods.join(' or ')}.`,
            {},
            path,
          ),
        );
      return;
    }
    reply
      .code(404)
      .send(
        problem(
          'not_found',
          `No route ${request.method} ${path}: see /v2/openapi.json for the API.`,
          {},
          path,
        ),
      );
  });
}
