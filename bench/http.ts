/**
 * `GET /v2/embed/{id}` with a public key under autocannon, against the bare
 * Fastify route of bare-server.ts, both in their own process on loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { makeClip, uploadForm } from '../test/support/fixtures.ts';
import { api, startServer } from '../test/support/server.ts';
import type { Figure } from './stats.ts';

export interface HttpOptions {
  runs: number;
  durationSeconds: number;
  connections: number;
}

/** Embeds per minute allowed from one address with one key during the run: the config's maximum. */
export const PLAYBACK_LIMIT = 1_000_000;

interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
}

async function load(url: string, key: string | undefined, options: HttpOptions): Promise<Load> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.durationSeconds,
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) {
    throw new Error(
      `${url}: ${failed} of ${result.requests.total} requests failed or were not 2xx`,
    );
  }
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

async function startBareServer(): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, 'bare-server.ts')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolvePort, reject) => {
    child.once('exit', (code) => reject(new Error(`bare server exited with code ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{"port"')) resolvePort((JSON.parse(line) as { port: number }).port);
    });
  });
  return { child, origin: `http://127.0.0.1:${port}` };
}

/** Measures both servers, alternating runs so that background load hits each alike. */
export async function benchEmbed(options: HttpOptions): Promise<Figure[]> {
  const server = await startServer({
    env: {
      CNX_DEMO_TITLE: 'false',
      CNX_PLAYBACK_RATE_LIMIT: String(PLAYBACK_LIMIT),
    },
  });
  const bare = await startBareServer();
  try {
    const clip = await makeClip({ width: 320, height: 240, seconds: 1 });
    const response = await api(server, '/me/uploads', {
      method: 'POST',
      body: await uploadForm(clip, { streamable: 'false' }),
    });
    const { id } = (await response.json()) as { id: string };
    const embedUrl = `${server.apiBase}/embed/${id}`;
    const embed: Load[] = [];
    const baseline: Load[] = [];
    // A short warm-up of each, so that the first run does not pay for JIT compilation.
    await load(embedUrl, server.keys.embed, { ...options, durationSeconds: 1 });
    await load(`${bare.origin}/v2/embed/${id}`, undefined, { ...options, durationSeconds: 1 });
    for (let run = 0; run < options.runs; run++) {
      embed.push(await load(embedUrl, server.keys.embed, options));
      baseline.push(await load(`${bare.origin}/v2/embed/${id}`, undefined, options));
    }
    const figure = (name: string, unit: string, pick: (load: Load) => number): Figure => ({
      name: `GET /v2/embed/{id}, ${name}`,
      unit,
      runs: embed.map(pick),
      baselineName: 'bare Fastify route',
      baselineRuns: baseline.map(pick),
    });
    return [
      figure('requests per second', 'req/s', (l) => l.requestsPerSecond),
      figure('p50 latency', 'ms', (l) => l.p50),
      figure('p99 latency', 'ms', (l) => l.p99),
    ];
  } finally {
    bare.child.kill('SIGTERM');
    await server.stop();
  }
}
