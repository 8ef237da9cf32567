import assert from 'node:assert/strict';
import {
  appendFile,
  copyFile,
  mkdtemp,
  readdir,
  rm,
  stat,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { after, before, describe, test } from 'node:test';
import { makeClip, uploadForm } from '../support/fixtures.ts';
import { generatedPart, multipartLength, rawUpload } from '../support/http.ts';
import { api, startServer, waitForUpload, type TestServer } from '../support/server.ts';

const STUDIO = { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio' };

/** Lists the files left in the server's temporary and media folders. */
async function storedFiles(server: TestServer): Promise<string[]> {
  const found: string[] = [];
  for (const folder of ['tmp', 'media']) {
    const entries = await readdir(join(server.dataDir, folder), { recursive: true }).catch(
      () => [] as string[],
    );
    found.push(...entries.map((entry) => `${folder}/${entry}`));
  }
  return found;
}

async function postFile(server: TestServer, path: string, fields: Record<string, string> = {}) {
  const response = await api(server, '/me/uploads', {
    method: 'POST',
    body: await uploadForm(path, { streamable: 'false', ...fields }),
  });
  return { status: response.status, body: await response.json() };
}

describe('upload size limit', () => {
  let server: TestServer;
  let clip: string;
  let limit: number;

  before(async () => {
    clip = await makeClip({ width: 320, height: 240, seconds: 1 });
    limit = (await stat(clip)).size;
    server = await startServer({ env: { ...STUDIO, CNX_MAX_UPLOAD_BYTES: String(limit) } });
  });
  after(() => server?.stop());

  test('accepts a file of exactly the limit', async () => {
    const { status, body } = await postFile(server, clip);
    assert.equal(status, 201);
    assert.equal(body.status, 'ready');
  });

  test('rejects one byte over the limit', async () => {
    const before = await storedFiles(server);
    const larger = `${clip}.larger.mp4`;
    await copyFile(clip, larger);
    await appendFile(larger, Buffer.from([0]));
    const { status, body } = await postFile(server, larger);
    assert.equal(status, 422);
    assert.equal(body.code, 'unprocessable');
    assert.equal(body.reason, 'file_too_large');
    assert.match(body.message, new RegExp(`at most ${limit} bytes`));
    assert.deepEqual(await storedFiles(server), before);
  });

  test('rejects a declared length before reading', async () => {
    const size = limit + 4 * 1024 * 1024;
    const part = generatedPart('file', 'big.mp4', size);
    const response = await rawUpload(server, [part], {
      contentLength: multipartLength([{ part, size }]),
      paceMs: 5,
    });
    assert.equal(response.status, 422);
    assert.equal(response.body.reason, 'file_too_large');
    assert.ok(
      response.bytesSentAtResponse < size / 2,
      `${response.bytesSentAtResponse} bytes sent`,
    );
  });
});

describe('storage quota', () => {
  const quota = 1_000_000;
  let server: TestServer;

  before(async () => {
    server = await startServer({ env: { ...STUDIO, CNX_DEMO_QUOTA_BYTES: String(quota) } });
  });
  after(() => server?.stop());

  test('rejects a declared length over quota', async () => {
    const size = 3 * quota;
    const part = generatedPart('file', 'big.mp4', size);
    const response = await rawUpload(server, [part], {
      contentLength: multipartLength([{ part, size }]),
      paceMs: 5,
    });
    assert.equal(response.status, 422);
    assert.equal(response.body.reason, 'quota_exceeded');
    assert.ok(response.bytesSentAtResponse < quota, `${response.bytesSentAtResponse} bytes sent`);
  });

  test('cuts off a chunked body at the quota', async () => {
    const size = 4 * quota;
    const response = await rawUpload(server, [generatedPart('file', 'big.mp4', size)], {
      paceMs: 5,
    });
    assert.equal(response.status, 422);
    assert.equal(response.body.reason, 'quota_exceeded');
    assert.match(response.body.message, /1000000 bytes left/);
    assert.ok(response.bytesSentAtResponse < 2 * quota, `${response.bytesSentAtResponse} sent`);
    assert.deepEqual(await storedFiles(server), []);
  });
});

describe('aborted upload', () => {
  let server: TestServer;

  before(async () => {
    server = await startServer({ env: STUDIO });
  });
  after(() => server?.stop());

  test('leaves no record and no file', async () => {
    const part = generatedPart('file', 'cut.mp4', 8 * 1024 * 1024);
    await rawUpload(server, [part], { abortAfterBytes: 2 * 1024 * 1024 });
    // The server notices the closed connection asynchronously.
    for (let i = 0; i < 20 && server.logs.every((l) => !l.includes('upload aborted')); i++) {
      await new Promise((done) => setTimeout(done, 100));
    }
    assert.deepEqual(await storedFiles(server), []);
    const list = await api(server, '/me/uploads');
    assert.equal(list.status, 200);
    assert.deepEqual((await list.json()).data, []);
  });

  test('server keeps serving after the abort', async () => {
    const clip = await makeClip({ width: 320, height: 240, seconds: 1 });
    const { status } = await postFile(server, clip);
    assert.equal(status, 201);
  });
});

describe('Idempotency-Key', () => {
  let server: TestServer;
  let clip: string;

  before(async () => {
    clip = await makeClip({ width: 320, height: 240, seconds: 1 });
    server = await startServer({ env: STUDIO });
  });
  after(() => server?.stop());

  async function postWithKey(path: string, key: string, title: string) {
    const response = await api(server, '/me/uploads', {
      method: 'POST',
      headers: { 'idempotency-key': key },
      body: await uploadForm(path, { streamable: 'false', title }),
    });
    return { response, body: await response.json() };
  }

  test('retry returns the first upload', async () => {
    const first = await postWithKey(clip, 'key-retry-1', 'Retried');
    const retry = await postWithKey(clip, 'key-retry-1', 'Retried');
    assert.equal(first.response.status, 201);
    assert.equal(retry.response.status, 201);
    assert.equal(retry.body.id, first.body.id);
    assert.equal(retry.response.headers.get('idempotent-replayed'), 'true');
    const list = await (await api(server, '/me/uploads')).json();
    assert.equal(list.data.filter((item: { title: string }) => item.title === 'Retried').length, 1);
  });

  test('different body with same key gets 409', async () => {
    await postWithKey(clip, 'key-conflict-1', 'First');
    const other = await postWithKey(clip, 'key-conflict-1', 'Something else');
    assert.equal(other.response.status, 409);
    assert.equal(other.body.code, 'conflict');
    assert.match(other.body.message, /key-conflict-1/);
  });

  test('malformed key gets 400', async () => {
    const bad = await postWithKey(clip, ' ', 'Bad key');
    assert.equal(bad.response.status, 400);
    assert.equal(bad.body.field, 'Idempotency-Key');
  });
});

describe('type probing', () => {
  let server: TestServer;

  before(async () => {
    server = await startServer({ env: STUDIO });
  });
  after(() => server?.stop());

  test('text renamed .mp4 gets 422', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'cnx-text-')), 'a.mp4');
    await writeFile(path, 'This is a plain text file, not a video.\n'.repeat(50));
    const { status, body } = await postFile(server, path);
    assert.equal(status, 422);
    assert.equal(body.reason, 'unsupported_type');
    assert.match(body.message, /"a\.mp4" is not a video or audio file/);
    assert.ok(!body.message.includes(server.dataDir), 'the message shows a server path');
  });

  test('invalid caption file gets 400 at once', async () => {
    const clip = await makeClip({ width: 160, height: 90, seconds: 1 });
    const before = await storedFiles(server);
    const response = await api(server, '/me/uploads', {
      method: 'POST',
      body: await uploadForm(clip, { streamable: 'true' }, { en: 'just some notes, not captions' }),
    });
    assert.equal(response.status, 400);
    const body = await response.json();
    assert.equal(body.field, 'captions[en]');
    assert.match(body.message, /WebVTT .* or SRT/);
    assert.deepEqual(await storedFiles(server), before);
  });

  test('empty file gets 422', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'cnx-empty-')), 'e.mp4');
    await writeFile(path, '');
    const { status, body } = await postFile(server, path);
    assert.equal(status, 422);
    assert.equal(body.reason, 'empty_file');
  });

  test('truncated MP4 gets 422 naming why', async () => {
    const clip = await makeClip({ width: 320, height: 240, seconds: 2 });
    await truncate(clip, Math.floor((await stat(clip)).size / 2));
    const { status, body } = await postFile(server, clip);
    assert.equal(status, 422);
    assert.equal(body.reason, 'unsupported_type');
    assert.match(body.message, /moov atom not found/);
  });

  test('truncated fast-start MP4 ends, never hangs', async () => {
    const clip = await makeClip({
      width: 320,
      height: 240,
      seconds: 3,
      outputArgs: ['-movflags', '+faststart'],
    });
    await truncate(clip, Math.floor((await stat(clip)).size * 0.6));
    const { status, body } = await postFile(server, clip, { streamable: 'true' });
    assert.ok(status === 201 || status === 422, `status ${status}`);
    if (status === 422) return;
    const done = await waitForUpload(server, body.id, 60_000);
    assert.ok(['ready', 'failed'].includes(done.status), `status ${done.status}`);
    if (done.status === 'failed') assert.match(String(done.error), /^Conversion failed: /);
  });
});

describe('upload listing and deletion', () => {
  let server: TestServer;
  const ids: string[] = [];

  before(async () => {
    server = await startServer({ env: STUDIO });
    const clip = await makeClip({ width: 320, height: 240, seconds: 1 });
    for (const title of ['one', 'two', 'three']) {
      const { body } = await postFile(server, clip, { title });
      ids.push(body.id);
    }
  });
  after(() => server?.stop());

  async function page(query: string) {
    return (await api(server, `/me/uploads${query}`)).json();
  }

  test('pages of two follow the cursor', async () => {
    const first = await page('?limit=2');
    assert.deepEqual(
      first.data.map((item: { id: string }) => item.id),
      [ids[2], ids[1]],
    );
    assert.equal(typeof first.next_cursor, 'string');
    const second = await page(`?limit=2&cursor=${first.next_cursor}`);
    assert.deepEqual(
      second.data.map((item: { id: string }) => item.id),
      [ids[0]],
    );
    assert.equal(second.next_cursor, null);
  });

  test('pages of one list every upload once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const body = await page(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(body.data.length, 1);
      seen.push(body.data[0].id);
      cursor = body.next_cursor;
    } while (cursor);
    assert.deepEqual(seen, [...ids].reverse());
  });

  test('invalid cursor gets 400', async () => {
    const response = await api(server, '/me/uploads?cursor=nonsense');
    assert.equal(response.status, 400);
    assert.equal((await response.json()).field, 'cursor');
  });

  test('GET returns one upload', async () => {
    const response = await api(server, `/me/uploads/${ids[0]}`);
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.id, ids[0]);
    assert.equal(body.title, 'one');
    assert.deepEqual(body.earnings, { amount: 0, currency: 'USD' });
  });

  test('DELETE removes the record and files', async () => {
    const clip = await makeClip({ width: 320, height: 240, seconds: 1 });
    const { body } = await postFile(server, clip, { streamable: 'true', title: 'to delete' });
    const ready = await waitForUpload(server, body.id);
    assert.equal(ready.status, 'ready');
    const embed = await (await api(server, `/embed/${body.id}`, { key: server.keys.embed })).json();

    const deleted = await api(server, `/me/uploads/${body.id}`, { method: 'DELETE' });
    assert.equal(deleted.status, 204);
    const folder = await stat(join(server.dataDir, 'media', body.id)).catch(() => undefined);
    assert.equal(folder, undefined);
    for (const path of [`/me/uploads/${body.id}`, `/title/${body.id}`]) {
      assert.equal((await api(server, path)).status, 404, path);
    }
    const embedAfter = await api(server, `/embed/${body.id}`, { key: server.keys.embed });
    assert.equal(embedAfter.status, 404);
    assert.equal((await fetch(embed.hls_url)).status, 404);
    const segment = embed.hls_url.replace('master.m3u8', 'v0/init.mp4');
    assert.equal((await fetch(segment)).status, 404);
  });
});

describe('earnings', () => {
  test('are views times the rate per mille', async () => {
    let server = await startServer({ env: STUDIO });
    const { dataDir } = server;
    try {
      const clip = await makeClip({ width: 320, height: 240, seconds: 1 });
      const { body } = await postFile(server, clip);
      await server.stop({ keepData: true });

      const db = new Database(join(dataDir, 'cnx.db'));
      db.prepare('UPDATE uploads SET views = 12345 WHERE id = ?').run(body.id);
      db.close();

      server = await startServer({ dataDir, env: STUDIO });
      const upload = await (await api(server, `/me/uploads/${body.id}`)).json();
      assert.equal(upload.views, 12345);
      // 12345 views at 1.5 USD per thousand.
      assert.deepEqual(upload.earnings, { amount: 18.5175, currency: 'USD' });
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
