/** Process entry point: `npm start` serves the API; `npm run keys -- …` manages keys. */
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { ensureDemo } from './demo.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  const { server } = app;
  if (config.demo) await ensureDemo(app.ctx);
  await server.listen({ port: config.port, host: config.host });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  server.log.info({ port, host: config.host, dataDir: config.dataDir }, 'listening');
  if (config.demo) process.stdout.write(`\nDemo page: http://localhost:${port}/\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, 'stopping');
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `cnx server failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
