/**
 * Starts the real reference server as a child process on a free loopback
 * port with a temporary data folder, for tests on Node and in the browser.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(import.meta.dirname, '..', '..');

export interface TestServer {
  /** Origin of the server, e.g. `http://127.0.0.1:40123`. */
  origin: string;
  /** Base of the API, `${origin}/v2`. */
  apiBase: string;
  dataDir: string;
  keys: { secret: string; embed: string };
  /** Standard output and error lines so far, for failure messages. */
  logs: string[];
  process: ChildProcess;
  /** Stops the server and, unless `keepData`, removes its data folder. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export interface StartOptions {
  /** Reuse this data folder instead of a new temporary one. */
  dataDir?: string;
  env?: Record<string, string>;
  /** `https` when the server is given a certificate. */
  scheme?: 'http' | 'https';
}

/** Starts the server and resolves once it listens and has its demo keys. */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'cnx-test-')));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      CNX_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => logs.push(line));

  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server did not start within 30 s:\n${logs.join('\n')}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code}:\n${logs.join('\n')}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      logs.push(line);
      const port = listeningPort(line);
      if (port !== undefined) {
        clearTimeout(timer);
        resolvePort(port);
      }
    });
  });

  const origin = `${options.scheme ?? 'http'}://127.0.0.1:${port}`;
  const keys = JSON.parse(
    await readFile(join(dataDir, 'demo-keys.json'), 'utf8'),
  ) as TestServer['keys'];
  return {
    origin,
    apiBase: `${origin}/v2`,
    dataDir,
    keys,
    logs,
    process: child,
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      if (!keepData && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Reads the port from the server's structured "listening" log line. */
function listeningPort(line: string): number | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: string; port?: number };
    return entry.msg === 'listening' ? entry.port : undefined;
  } catch {
    return undefined;
  }
}

/** Calls the API with a key and returns the response. */
export function api(
  server: TestServer,
  path: string,
  init: RequestInit & { key?: string } = {},
): Promise<Response> {
  const { key = server.keys.secret, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  return fetch(`${server.apiBase}${path}`, { ...rest, headers });
}

/** Polls an upload until it leaves `processing`, and returns its record. */
export async function waitForUpload(
  server: TestServer,
  id: string,
  timeoutMs = 60_000,
): Promise<{ status: string; [field: string]: unknown }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await api(server, `/me/uploads/${id}`);
    if (response.status === 429) {
      // The free plan allows 60 requests a minute; wait for the window instead of failing.
      const seconds = Number(response.headers.get('retry-after')) || 1;
      await response.arrayBuffer();
      await new Promise((done) => setTimeout(done, seconds * 1000));
      continue;
    }
    const body = await response.json();
    if (body.status !== 'processing') return body;
    if (Date.now() > deadline)
      throw new Error(`upload ${id} still processing after ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/** Returns the id of the demo title that the server creates on first start. */
export async function demoTitleId(server: TestServer): Promise<string> {
  const response = await api(server, '/me/uploads');
  const body = (await response.json()) as { data: { id: string; title: string }[] };
  const demo = body.data.find((item) => item.title === 'CloudNEXTRA demo');
  if (!demo) throw new Error('the demo title is missing from GET /v2/me/uploads');
  return demo.id;
}

/** Runs the operator command line on the server's data folder and returns its output. */
export async function cli(server: TestServer, args: string[]): Promise<string> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolveOutput, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/server/cli.ts', ...args],
      { cwd: root, env: { ...process.env, CNX_DATA_DIR: server.dataDir } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`cnx ${args.join(' ')} failed: ${stderr || error.message}`));
        else resolveOutput(stdout);
      },
    );
  });
}

/** Creates an account with one key through the command line and returns the key. */
export async function createAccountKey(
  server: TestServer,
  options: { plan?: string; kind?: 'secret' | 'embed'; origins?: string[] } = {},
): Promise<{ accountId: string; key: string; keyId: string }> {
  const account = JSON.parse(
    await cli(server, ['accounts', 'create', '--name', 'Test', '--plan', options.plan ?? 'free']),
  ) as { id: string };
  const origins = (options.origins ?? []).flatMap((origin) => ['--origin', origin]);
  const output = await cli(server, [
    'keys',
    'create',
    '--account',
    account.id,
    '--kind',
    options.kind ?? 'secret',
    ...origins,
  ]);
  const created = JSON.parse(output.split('\n')[0]!) as { id: string; key: string };
  return { accountId: account.id, key: created.key, keyId: created.id };
}
