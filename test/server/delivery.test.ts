import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { makeClip, uploadForm } from '../support/fixtures.ts';
import { api, startServer, waitForUpload, type TestServer } from '../support/server.ts';

/** Sends a GET with `path` exactly as given, because fetch would normalize `..` away. */
function rawGet(server: TestServer, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${server.origin}/`, { path, method: 'GET' }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}

describe('media delivery', () => {
  let server: TestServer;
  let base: string;
  let basePath: string;
  let otherId: string;

  before(async () => {
    server = await startServer({ env: { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio' } });
    const clip = await makeClip({ width: 320, height: 240, seconds: 2 });
    const ids: string[] = [];
    for (const title of ['delivered', 'other']) {
      const form = await uploadForm(
        clip,
        { title },
        { en: 'WEBVTT\n\n00:00.500 --> 00:01.000\nHi\n' },
      );
      const response = await api(server, '/me/uploads', { method: 'POST', body: form });
      ids.push((await response.json()).id);
    }
    for (const id of ids) assert.equal((await waitForUpload(server, id)).status, 'ready');
    otherId = ids[1]!;
    const embed = await (await api(server, `/embed/${ids[0]}`, { key: server.keys.embed })).json();
    base = embed.hls_url.replace(/master\.m3u8$/, '');
    basePath = new URL(base).pathname;
  });
  after(() => server?.stop());

  const types: [string, string, string][] = [
    ['master.m3u8', 'application/vnd.apple.mpegurl', 'public, max-age=60'],
    ['v0/index.m3u8', 'application/vnd.apple.mpegurl', 'public, max-age=60'],
    ['v0/init.mp4', 'video/mp4', 'public, max-age=31536000, immutable'],
    ['v0/seg_000.m4s', 'video/iso.segment', 'public, max-age=31536000, immutable'],
    ['subs/en.vtt', 'text/vtt; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['poster.jpg', 'image/jpeg', 'public, max-age=31536000, immutable'],
  ];
  for (const [path, type, cache] of types) {
    test(`${path} has its type and caching`, async () => {
      const response = await fetch(base + path);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), type);
      assert.equal(response.headers.get('cache-control'), cache);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
    });
  }

  test('HEAD sends the length without a body', async () => {
    const full = await fetch(`${base}v0/seg_000.m4s`);
    const size = (await full.arrayBuffer()).byteLength;
    const head = await fetch(`${base}v0/seg_000.m4s`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(size));
    assert.equal((await head.arrayBuffer()).byteLength, 0);
  });

  test('range request gets 206', async () => {
    const response = await fetch(`${base}v0/seg_000.m4s`, { headers: { range: 'bytes=10-19' } });
    assert.equal(response.status, 206);
    assert.match(response.headers.get('content-range') ?? '', /^bytes 10-19\/\d+$/);
    assert.equal((await response.arrayBuffer()).byteLength, 10);
  });

  test('suffix range gets the last bytes', async () => {
    const response = await fetch(`${base}v0/seg_000.m4s`, { headers: { range: 'bytes=-5' } });
    assert.equal(response.status, 206);
    assert.equal((await response.arrayBuffer()).byteLength, 5);
  });

  test('range past the end gets 416', async () => {
    const response = await fetch(`${base}v0/seg_000.m4s`, {
      headers: { range: 'bytes=99999999-' },
    });
    assert.equal(response.status, 416);
    assert.match(response.headers.get('content-range') ?? '', /^bytes \*\/\d+$/);
    assert.equal((await response.json()).code, 'range_not_satisfiable');
  });

  test('several ranges get the whole file', async () => {
    const response = await fetch(`${base}v0/seg_000.m4s`, {
      headers: { range: 'bytes=0-1,5-6' },
    });
    assert.equal(response.status, 200);
  });

  const escapes = [
    '../source',
    '../../../cnx.db',
    'v0/../../source',
    '%2e%2e/source',
    '%2E%2E%2Fsource',
    '..%2fsource',
    'v0%2f..%2f..%2fsource',
    '%252e%252e/source',
    '/etc/passwd',
    '%2fetc%2fpasswd',
    '..%5csource',
    'subs/en.vtt%00.jpg',
  ];
  for (const path of escapes) {
    test(`path ${path} stays inside the upload`, async () => {
      const status = await rawGet(server, basePath + path);
      assert.ok([400, 403, 404].includes(status), `status ${status}`);
    });
  }

  test('token of one upload fails on another', async () => {
    const foreign = basePath.replace(/\/v2\/media\/[^/]+\//, `/v2/media/${otherId}/`);
    const status = await rawGet(server, `${foreign}master.m3u8`);
    assert.equal(status, 403);
  });
});
