import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeClip, uploadForm } from '../support/fixtures.ts';
import { api, startServer, waitForUpload, type TestServer } from '../support/server.ts';

const ENV = { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio' };

/** Resolves once the server logged that the conversion of `id` started. */
async function conversionStarted(server: TestServer, id: string): Promise<void> {
  const started = (line: string) => line.includes('conversion started') && line.includes(id);
  for (let i = 0; i < 200 && !server.logs.some(started); i++) {
    await new Promise((done) => setTimeout(done, 50));
  }
  assert.ok(server.logs.some(started), `conversion of ${id} did not start`);
}

async function killHard(server: TestServer): Promise<void> {
  const exited = new Promise((done) => server.process.once('exit', done));
  server.process.kill('SIGKILL');
  await exited;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

/** Returns whether process `pid` runs with `text` in its command line. */
async function runsWith(pid: number, text: string): Promise<boolean> {
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return commandLine.includes(text);
}

describe('restart after SIGKILL', () => {
  let dataDir: string;
  let server: TestServer;
  let clip: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cnx-restart-'));
    // Long enough that the conversion is still running when the server is killed.
    clip = await makeClip({ width: 640, height: 360, seconds: 30 });
  });
  after(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function uploadAndKill(): Promise<{ id: string; ffmpegPid: number }> {
    server = await startServer({ dataDir, env: ENV });
    const response = await api(server, '/me/uploads', {
      method: 'POST',
      body: await uploadForm(clip),
    });
    const { id } = await response.json();
    await conversionStarted(server, id);
    await new Promise((done) => setTimeout(done, 500));
    const ffmpegPid = Number(await readFile(join(dataDir, 'media', id, 'conversion.pid'), 'utf8'));
    await killHard(server);
    return { id, ffmpegPid };
  }

  test('killed conversion resumes and finishes', async () => {
    const { id, ffmpegPid } = await uploadAndKill();
    const mediaDir = join(dataDir, 'media', id);
    assert.ok(await runsWith(ffmpegPid, mediaDir), 'ffmpeg did not outlive the killed server');

    server = await startServer({ dataDir, env: ENV });
    assert.equal(await runsWith(ffmpegPid, mediaDir), false, 'the orphaned ffmpeg still runs');
    const upload = await waitForUpload(server, id, 180_000);
    assert.equal(upload.status, 'ready', String(upload.error));
    assert.equal(await exists(join(mediaDir, 'hls.staging')), false);
    assert.equal(await exists(join(mediaDir, 'conversion.pid')), false);
    assert.deepEqual(await readdir(join(dataDir, 'tmp')).catch(() => []), []);
    await server.stop();
  });

  test('missing source fails on restart', async () => {
    const { id } = await uploadAndKill();
    await rm(join(dataDir, 'media', id, 'source'));

    server = await startServer({ dataDir, env: ENV });
    const upload = await waitForUpload(server, id, 30_000);
    assert.equal(upload.status, 'failed');
    assert.match(String(upload.error), /uploaded file is missing/);
    assert.equal(await exists(join(dataDir, 'media', id, 'hls.staging')), false);
    await server.stop();
  });

  test('media folder without record is removed', async () => {
    const stray = join(dataDir, 'media', 'strayFolder123');
    await mkdir(join(stray, 'hls'), { recursive: true });
    server = await startServer({ dataDir, env: ENV });
    assert.equal(await exists(stray), false);
    const list = await api(server, '/me/uploads');
    assert.equal(list.status, 200);
  });
});
