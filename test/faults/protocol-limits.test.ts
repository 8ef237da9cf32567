/**
 * Requests at and past the limits of HTTP parsing: oversized headers and
 * bodies, malformed request lines, slow bodies and path tricks. Each must
 * get a JSON error with the right status, and the server must keep serving.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeClip, uploadForm } from '../support/fixtures.ts';
import { generatedPart, rawUpload } from '../support/http.ts';
import { api, startServer, waitForUpload, type TestServer } from '../support/server.ts';
import { errorBodyProblem, getHead, rawRequest, stillServes } from './support.ts';

/** Socket idle time after which the server cuts a stalled request off, in this suite. */
const IDLE_TIMEOUT_MS = 1500;

let server: TestServer;

before(async () => {
  server = await startServer({
    env: {
      CNX_DEMO_TITLE: 'false',
      CNX_DEMO_PLAN: 'studio',
      CNX_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
    },
  });
});
after(() => server?.stop());

describe('oversized and malformed requests', () => {
  test('oversized headers get 431', async () => {
    const response = await rawRequest(
      server,
      getHead('/v2/openapi.json', { 'x-big': 'x'.repeat(20_000) }),
    );
    assert.equal(response.status, 431);
  });

  test('oversized headers get a JSON error', async () => {
    const response = await rawRequest(
      server,
      getHead('/v2/openapi.json', { 'x-big': 'x'.repeat(20_000) }),
    );
    assert.equal(errorBodyProblem(response.headers['content-type'], response.body), undefined);
    assert.ok(await stillServes(server), 'the server stopped serving');
  });

  test('malformed request line gets JSON 400', async () => {
    const response = await rawRequest(server, 'NOT-HTTP\r\n\r\n');
    assert.equal(response.status, 400);
    assert.equal(errorBodyProblem(response.headers['content-type'], response.body), undefined);
    assert.ok(await stillServes(server), 'the server stopped serving');
  });

  test('oversized JSON body gets 413', async () => {
    const response = await api(server, '/viewer-tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ viewer: 'x'.repeat(2 * 1024 * 1024) }),
    });
    const body = await response.text();
    assert.equal(response.status, 413);
    assert.equal(errorBodyProblem(response.headers.get('content-type'), body), undefined);
    assert.ok(await stillServes(server), 'the server stopped serving');
  });
});

describe('slow request bodies', () => {
  test('slow upload leaves others served', async () => {
    // 64 KiB every 200 ms for 4 s: slow, but never idle long enough to be cut off.
    let slowFinished = false;
    const slow = rawUpload(server, [generatedPart('file', 'slow.mp4', 20 * 64 * 1024)], {
      paceMs: 200,
    }).finally(() => (slowFinished = true));
    for (let i = 0; i < 5; i++) assert.ok(await stillServes(server), `request ${i} was not served`);
    assert.equal(slowFinished, false, 'other requests waited for the slow upload');
    const finished = await slow;
    assert.equal(finished.status, 422, 'the slow upload was not received to the end');
  });

  test('stalled upload gets 408', async () => {
    const stalled = rawUpload(server, [generatedPart('file', 'stalled.mp4', 4 * 64 * 1024)], {
      paceMs: IDLE_TIMEOUT_MS * 3,
    });
    const response = await stalled;
    assert.equal(response.status, 408);
  });

  test('stalled upload gets a JSON error', async () => {
    const response = await rawUpload(
      server,
      [generatedPart('file', 'stalled.mp4', 4 * 64 * 1024)],
      {
        paceMs: IDLE_TIMEOUT_MS * 3,
      },
    );
    assert.equal(typeof response.body, 'object', `body is not JSON: ${String(response.body)}`);
    assert.equal(response.body?.code, 'request_timeout');
    assert.ok(await stillServes(server), 'the server stopped serving');
  });

  test('stalled headers are cut off', async () => {
    // Headers that never end: Node's headersTimeout or the idle timeout closes the connection.
    const response = await rawRequest(server, 'GET /v2/openapi.json HTTP/1.1\r\nHost: x\r\n', {
      timeoutMs: 70_000,
    });
    assert.ok(response.status === 0 || response.status === 408, `status ${response.status}`);
    assert.ok(await stillServes(server), 'the server stopped serving');
  });
});

describe('path tricks', () => {
  let id: string;
  let mediaBase: string;

  before(async () => {
    const clip = await makeClip({ width: 320, height: 240, seconds: 1 });
    const response = await api(server, '/me/uploads', {
      method: 'POST',
      body: await uploadForm(clip, { streamable: 'true' }),
    });
    id = ((await response.json()) as { id: string }).id;
    await waitForUpload(server, id, 120_000);
    const embed = (await (await api(server, `/embed/${id}`)).json()) as { hls_url: string };
    mediaBase = new URL(embed.hls_url).pathname.replace(/\/master\.m3u8$/, '');
    // Files with served extensions outside the output folder, which no URL may reach.
    await writeFile(join(server.dataDir, 'media', id, 'secret.m3u8'), '#EXTM3U\n');
    await mkdir(join(server.dataDir, 'outside'), { recursive: true });
    await writeFile(join(server.dataDir, 'outside', 'secret.m3u8'), '#EXTM3U\n');
  });

  test('signed master playlist is served', async () => {
    const response = await rawRequest(server, getHead(`${mediaBase}/master.m3u8`));
    assert.equal(response.status, 200);
  });

  const cases: [string, (base: string) => string, number][] = [
    ['dot segments', (base) => `${base}/../secret.m3u8`, 404],
    ['encoded slash', (base) => `${base}/..%2fsecret.m3u8`, 404],
    ['encoded dots', (base) => `${base}/%2e%2e/secret.m3u8`, 404],
    ['encoded dots and slash', (base) => `${base}/%2e%2e%2f%2e%2e%2foutside%2fsecret.m3u8`, 404],
    ['double encoding', (base) => `${base}/%252e%252e%252fsecret.m3u8`, 404],
    ['absolute path', (base) => `${base}/%2fetc%2fhostname.m3u8`, 404],
    ['NUL byte', (base) => `${base}/master.m3u8%00.jpg`, 404],
    ['overlong UTF-8 dot', (base) => `${base}/%c0%ae%c0%ae/secret.m3u8`, 400],
    ['malformed escape', () => '/v2/embed/%zz', 400],
    ['traversal in id', () => '/v2/embed/..%2f..%2fetc%2fpasswd', 400],
    ['NUL in id', () => '/v2/embed/abcdef%00gh', 400],
    ['player traversal', () => '/player/..%2f..%2fpackage.json', 404],
    ['player source file', () => '/player/..%2f..%2fsrc%2fserver%2fmain.ts', 404],
    ['long id', () => `/v2/embed/${'a'.repeat(300)}`, 414],
    ['very long path', () => `/v2/embed/${'a'.repeat(20_000)}`, 431],
  ];
  for (const [name, path, status] of cases) {
    test(`${name} gets ${status}`, async () => {
      const response = await rawRequest(
        server,
        getHead(path(mediaBase), { authorization: `Bearer ${server.keys.embed}` }),
      );
      assert.equal(
        response.status,
        status,
        `${path(mediaBase).slice(0, 120)}: ${response.body.slice(0, 200)}`,
      );
      assert.equal(errorBodyProblem(response.headers['content-type'], response.body), undefined);
      assert.ok(await stillServes(server), 'the server stopped serving');
    });
  }
});
