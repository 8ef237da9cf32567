/**
 * The baseline of the embed benchmark: a Fastify app with one route that
 * returns a constant JSON body, with the same logger settings as the
 * reference server. Run as its own process; prints `{"port":N}` once it listens.
 */
import Fastify from 'fastify';

const body = {
  id: 'bench000001',
  status: 'ready',
  qualities: [360, 540, 720, 1080],
  subtitles: ['en'],
  resume: true,
};

const server = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'info' } });
server.get('/v2/embed/:id', async () => body);
await server.listen({ port: 0, host: '127.0.0.1' });
const address = server.server.address();
process.stdout.write(
  `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
