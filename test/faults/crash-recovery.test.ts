/**
 * The server killed with SIGKILL mid-upload and mid-conversion, then
 * started again on the same data folder: storage must be consistent and
 * unfinished conversions must resume or fail with a message.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeClip, uploadForm } from '../support/fixtures.ts';
import { generatedPart, rawUpload } from '../support/http.ts';
import { api, startServer, waitForUpload, type TestServer } from '../support/server.ts';

const ENV = { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio' };

interface UploadRecord {
  id: string;
  status: string;
  streamable: boolean;
  error?: string | null;
}

async function killServer(server: TestServer): Promise<void> {
  const exited = new Promise((done) => server.process.once('exit', done));
  server.process.kill('SIGKILL');
  await exited;
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

async function records(server: TestServer): Promise<UploadRecord[]> {
  const response = await api(server, '/me/uploads?limit=100');
  return ((await response.json()) as { data: UploadRecord[] }).data;
}

async function entries(path: string): Promise<string[]> {
  return readdir(path).catch(() => [] as string[]);
}

/** Returns the files that a ready upload's master playlist references and that are missing. */
async function missingOutputs(server: TestServer, id: string): Promise<string[]> {
  const hls = join(server.dataDir, 'media', id, 'hls');
  const master = await readFile(join(hls, 'master.m3u8'), 'utf8').catch(() => undefined);
  if (master === undefined) return ['hls/master.m3u8'];
  const uris = [
    ...master.split('\n').filter((line) => line && !line.startsWith('#')),
    ...[...master.matchAll(/URI="([^"]+)"/g)].map((match) => match[1]!),
  ];
  const missing: string[] = [];
  for (const uri of uris) {
    if (!existsSync(join(hls, uri))) missing.push(`hls/${uri}`);
    else if (uri.endsWith('.m3u8')) {
      const playlist = await readFile(join(hls, uri), 'utf8');
      const dir = join(hls, uri, '..');
      for (const segment of playlist.split('\n').filter((line) => line && !line.startsWith('#')))
        if (!existsSync(join(dir, segment))) missing.push(`hls/${uri}/../${segment}`);
    }
  }
  return missing;
}

/** Checks that every record's files exist, no file lacks a record, and nothing is left over. */
async function assertConsistentStorage(server: TestServer): Promise<void> {
  const stored = await records(server);
  const media = await entries(join(server.dataDir, 'media'));
  for (const upload of stored) {
    const source = join(server.dataDir, 'media', upload.id, 'source');
    assert.ok(
      upload.status === 'failed' || existsSync(source),
      `upload ${upload.id} is ${upload.status} but its source file is missing`,
    );
    if (upload.status === 'ready' && upload.streamable) {
      assert.deepEqual(await missingOutputs(server, upload.id), [], `ready upload ${upload.id}`);
    }
  }
  const ids = new Set(stored.map((upload) => upload.id));
  assert.deepEqual(
    media.filter((id) => !ids.has(id)),
    [],
    'media folders without an upload record',
  );
  for (const id of media) {
    assert.deepEqual(
      (await entries(join(server.dataDir, 'media', id))).filter((name) =>
        name.endsWith('.staging'),
      ),
      [],
      `staging folder left in media/${id}`,
    );
  }
  assert.deepEqual(await entries(join(server.dataDir, 'tmp')), [], 'files left in tmp/');
}

/** Returns whether a process runs: it exists and is not a zombie waiting to be reaped. */
async function isRunning(pid: number): Promise<boolean> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return status !== '' && !/^State:\s+Z/m.test(status);
}

describe('kill during an upload', () => {
  let server: TestServer;

  before(async () => {
    server = await startServer({ env: ENV });
    const tmp = join(server.dataDir, 'tmp');
    // About 1 GB that is never sent whole: the server dies once part of it is on disk.
    const upload = rawUpload(server, [generatedPart('file', 'big.mp4', 1000 * 1000 * 1000)]).catch(
      () => undefined,
    );
    await waitFor(async () => {
      for (const name of await entries(tmp)) {
        const info = await stat(join(tmp, name)).catch(() => undefined);
        if (info && info.size > 8 * 1024 * 1024) return true;
      }
      return false;
    }, 'part of the upload to reach tmp/');
    await killServer(server);
    await upload;
    server = await startServer({ dataDir: server.dataDir, env: ENV });
  });
  after(async () => {
    await server?.stop();
    await rm(server.dataDir, { recursive: true, force: true });
  });

  test('restart leaves tmp/ empty', async () => {
    assert.deepEqual(await entries(join(server.dataDir, 'tmp')), []);
  });

  test('restart keeps no upload record', async () => {
    assert.deepEqual(await records(server), []);
  });

  test('restart leaves no media folder', async () => {
    assert.deepEqual(await entries(join(server.dataDir, 'media')), []);
  });
});

describe('kill during a conversion', () => {
  let server: TestServer;
  let id: string;
  let ffmpegPid: number;
  let orphanRanAfterKill: boolean;

  before(async () => {
    server = await startServer({ env: ENV });
    const clip = await makeClip({ width: 1280, height: 720, seconds: 12 });
    const response = await api(server, '/me/uploads', {
      method: 'POST',
      body: await uploadForm(clip, { streamable: 'true' }),
    });
    id = ((await response.json()) as { id: string }).id;
    const pidFile = join(server.dataDir, 'media', id, 'conversion.pid');
    await waitFor(async () => existsSync(pidFile), 'ffmpeg to start converting');
    ffmpegPid = Number(await readFile(pidFile, 'utf8'));
    await killServer(server);
    orphanRanAfterKill = await isRunning(ffmpegPid);
    server = await startServer({ dataDir: server.dataDir, env: ENV });
  });
  after(async () => {
    await server?.stop();
    await rm(server.dataDir, { recursive: true, force: true });
  });

  test('orphaned ffmpeg is stopped on restart', async () => {
    assert.ok(orphanRanAfterKill, 'ffmpeg had already exited; the case was not exercised');
    assert.equal(await isRunning(ffmpegPid), false, `ffmpeg ${ffmpegPid} still runs`);
  });

  test('unfinished conversion resumes to ready', async () => {
    const upload = await waitForUpload(server, id, 180_000);
    assert.equal(upload.status, 'ready', `status ${upload.status}: ${String(upload.error)}`);
  });

  test('storage is consistent after resuming', async () => {
    await waitForUpload(server, id, 180_000);
    await assertConsistentStorage(server);
  });
});

describe('restart after files went missing', () => {
  let server: TestServer;
  let lostSource: string;
  const orphanId = 'orphan000000000001';

  before(async () => {
    server = await startServer({ env: ENV });
    const clip = await makeClip({ width: 640, height: 360, seconds: 8 });
    const response = await api(server, '/me/uploads', {
      method: 'POST',
      body: await uploadForm(clip, { streamable: 'true' }),
    });
    lostSource = ((await response.json()) as { id: string }).id;
    const pidFile = join(server.dataDir, 'media', lostSource, 'conversion.pid');
    await waitFor(async () => existsSync(pidFile), 'ffmpeg to start converting');
    await killServer(server);
    // The source is lost while the server is down, and a folder appears whose record never
    // was written: a kill between moving an upload's file and inserting its record leaves one.
    await rm(join(server.dataDir, 'media', lostSource, 'source'));
    await mkdir(join(server.dataDir, 'media', orphanId), { recursive: true });
    await writeFile(join(server.dataDir, 'media', orphanId, 'source'), 'not a video');
    await mkdir(join(server.dataDir, 'tmp'), { recursive: true });
    await writeFile(join(server.dataDir, 'tmp', 'left-over.part'), 'partial body');
    server = await startServer({ dataDir: server.dataDir, env: ENV });
  });
  after(async () => {
    await server?.stop();
    await rm(server.dataDir, { recursive: true, force: true });
  });

  test('upload without source is failed', async () => {
    const upload = await waitForUpload(server, lostSource, 60_000);
    assert.equal(upload.status, 'failed');
  });

  test('failed upload explains the missing file', async () => {
    const upload = await waitForUpload(server, lostSource, 60_000);
    assert.match(String(upload.error), /missing/);
  });

  test('media folder without record is removed', async () => {
    assert.equal(existsSync(join(server.dataDir, 'media', orphanId)), false);
  });

  test('storage is consistent after restart', async () => {
    await waitForUpload(server, lostSource, 60_000);
    await assertConsistentStorage(server);
  });
});
