/**
 * Environment of the browser tests: the real reference server with one
 * uploaded 960x540 clip, prepared from Node because uploads need the secret
 * key and the server rejects secret keys sent from a browser.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { api, demoTitleId, startServer, waitForUpload, type TestServer } from './server.ts';

const run = promisify(execFile);

/** Values that the browser tests import from `/__cnx-env.js`. */
export interface PlayerTestEnv {
  apiBase: string;
  /** Public key of the demo account, for the player's `api-key`. */
  embedKey: string;
  /** Id of the 10 s demo title with en, es and fr subtitles. */
  demoId: string;
  /** Id of the 4 s 960x540 upload, converted to 540p and 360p. */
  uploadId: string;
}

/** Starts the server, uploads the fixture clip and waits until it is ready. */
export async function startPlayerEnv(): Promise<{ server: TestServer; env: PlayerTestEnv }> {
  // The studio plan's limit leaves room for polling the conversions of both titles.
  const server = await startServer({ env: { CNX_DEMO_PLAN: 'studio' } });
  try {
    const uploadId = await uploadFixture(server);
    const upload = await waitForUpload(server, uploadId, 120_000);
    if (upload.status !== 'ready') {
      throw new Error(`fixture upload ${uploadId} ended as ${upload.status}: ${upload.error}`);
    }
    const demoId = await demoTitleId(server);
    const demo = await waitForUpload(server, demoId, 120_000);
    if (demo.status !== 'ready') {
      throw new Error(`demo title ${demoId} ended as ${demo.status}: ${demo.error}`);
    }
    return {
      server,
      env: { apiBase: server.apiBase, embedKey: server.keys.embed, demoId, uploadId },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Generates a 4 s 960x540 H.264/AAC clip with ffmpeg and uploads it as streamable. */
async function uploadFixture(server: TestServer): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'cnx-fixture-'));
  const file = join(folder, 'fixture.mp4');
  try {
    // prettier-ignore
    await run('ffmpeg', [
      '-hide_banner', '-loglevel', 'error',
      '-f', 'lavfi', '-i', 'testsrc2=size=960x540:rate=30:duration=4',
      '-f', 'lavfi', '-i', 'sine=frequency=440:duration=4',
      '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-shortest', file,
    ]);
    const form = new FormData();
    form.set('file', new Blob([await readFile(file)], { type: 'video/mp4' }), 'fixture.mp4');
    form.set('title', 'Player test fixture 960x540');
    form.set('streamable', 'true');
    const response = await api(server, '/me/uploads', { method: 'POST', body: form });
    const body = (await response.json()) as { id?: string; message?: string };
    if (!response.ok || !body.id) {
      throw new Error(`POST /me/uploads returned ${response.status}: ${JSON.stringify(body)}`);
    }
    return body.id;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
