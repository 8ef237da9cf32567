import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  api,
  demoTitleId,
  startServer,
  waitForUpload,
  type TestServer,
} from '../support/server.ts';

describe('demo start', () => {
  let server: TestServer;
  let demoId: string;

  before(async () => {
    server = await startServer();
    demoId = await demoTitleId(server);
    await waitForUpload(server, demoId);
  });
  after(() => server?.stop());

  test('writes demo keys of both kinds', () => {
    assert.match(server.keys.secret, /^cnx_live_[A-Za-z0-9]{24}$/);
    assert.match(server.keys.embed, /^cnx_embed_[A-Za-z0-9]{24}$/);
  });

  test('prints the keys once and never logs them', async () => {
    const printed = server.logs.filter((line) => line.includes(server.keys.secret));
    assert.equal(printed.length, 1);
    assert.ok(!printed[0]!.startsWith('{'), 'the key appeared in a structured log line');
  });

  test('serves the demo page with the player', async () => {
    const response = await fetch(`${server.origin}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const html = await response.text();
    assert.match(html, new RegExp(`media-id="${demoId}"`));
    assert.match(html, new RegExp(`api-key="${server.keys.embed}"`));
    assert.ok(!html.includes(server.keys.secret), 'the demo page contains the secret key');
  });

  test('embed returns the contract fields', async () => {
    const response = await api(server, `/embed/${demoId}`, { key: server.keys.embed });
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.id, demoId);
    assert.equal(body.status, 'ready');
    assert.equal(
      body.embed_url,
      `${server.origin}/embed/${demoId}?key=${encodeURIComponent(server.keys.embed)}`,
    );
    assert.deepEqual(body.qualities, [360, 540]);
    assert.deepEqual(body.subtitles, ['en', 'es', 'fr']);
    assert.equal(body.resume, true);
    assert.match(
      body.hls_url,
      new RegExp(`^${server.origin}/v2/media/${demoId}/.+/master\\.m3u8$`),
    );
    assert.ok(Date.parse(body.expires_at) > Date.now());
  });

  test('secret-key embed URL plays in a frame', async () => {
    const body = await (await api(server, `/embed/${demoId}`)).json();
    const url = new URL(body.embed_url);
    const token = url.searchParams.get('key')!;
    assert.match(token, /^cnx_embed_pt\./);
    assert.ok(!body.embed_url.includes(server.keys.secret));
    const page = await fetch(body.embed_url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<cnx-player/);
    const played = await api(server, `/embed/${demoId}`, { key: token });
    assert.equal(played.status, 200);
  });

  test('page token plays only its title', async () => {
    const body = await (await api(server, `/embed/${demoId}`)).json();
    const token = new URL(body.embed_url).searchParams.get('key')!;
    const other = await api(server, '/embed/abcdef1234', { key: token });
    assert.equal(other.status, 403);
    assert.equal((await other.json()).code, 'forbidden');
    const forged = await api(server, `/embed/${demoId}`, { key: `${token.slice(0, -2)}zz` });
    assert.equal(forged.status, 401);
    const uploads = await api(server, '/me/uploads', { key: token });
    assert.equal(uploads.status, 403);
  });

  test('title returns the contract fields', async () => {
    const response = await api(server, `/title/${demoId}`);
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.id, demoId);
    assert.equal(body.title, 'CloudNEXTRA demo');
    assert.ok(Math.abs(body.duration - 10) < 0.2, `duration ${body.duration}`);
    assert.equal(typeof body.size_mb, 'number');
    assert.ok(body.size_mb > 0);
    assert.equal(body.views, 0);
    assert.equal(body.streamable, true);
    const poster = await fetch(body.poster);
    assert.equal(poster.status, 200);
    assert.equal(poster.headers.get('content-type'), 'image/jpeg');
  });

  test('master playlist lists renditions and subtitles', async () => {
    const embed = await (await api(server, `/embed/${demoId}`, { key: server.keys.embed })).json();
    const response = await fetch(embed.hls_url);
    assert.equal(response.headers.get('content-type'), 'application/vnd.apple.mpegurl');
    const master = await response.text();
    const variants = master.split('\n').filter((line) => line.startsWith('#EXT-X-STREAM-INF'));
    assert.equal(variants.length, 2);
    for (const variant of variants) {
      assert.match(variant, /BANDWIDTH=\d+/);
      assert.match(variant, /AVERAGE-BANDWIDTH=\d+/);
      assert.match(variant, /CODECS="avc1\.64[0-9a-f]{4},mp4a\.40\.2"/);
      assert.match(variant, /RESOLUTION=\d+x\d+/);
    }
    for (const language of ['en', 'es', 'fr']) {
      assert.match(master, new RegExp(`TYPE=SUBTITLES.*LANGUAGE="${language}"`));
      const base = embed.hls_url.replace(/master\.m3u8$/, '');
      const vtt = await fetch(`${base}subs/${language}.vtt`);
      assert.equal(vtt.status, 200);
      assert.match(await vtt.text(), /^WEBVTT/);
    }
  });

  test('ETag answers If-None-Match with 304', async () => {
    const first = await api(server, `/embed/${demoId}`, { key: server.keys.embed });
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^"[^"]+"$/);
    const second = await api(server, `/embed/${demoId}`, {
      key: server.keys.embed,
      headers: { 'if-none-match': etag! },
    });
    assert.equal(second.status, 304);
  });

  test('restart keeps the keys and does not print them', async () => {
    await server.stop({ keepData: true });
    server = await startServer({ dataDir: server.dataDir });
    const response = await api(server, `/embed/${demoId}`, { key: server.keys.embed });
    assert.equal(response.status, 200);
    assert.ok(!server.logs.some((line) => line.includes(server.keys.secret)), 'printed again');
    assert.ok(
      server.logs.some((line) => line.includes('demo-keys.json')),
      'no pointer to the keys',
    );
  });
});

describe('errors', () => {
  let server: TestServer;

  before(async () => {
    server = await startServer({ env: { CNX_DEMO_TITLE: 'false' } });
  });
  after(() => server?.stop());

  const cases: [string, string, string | undefined, number, string][] = [
    ['missing key', '/embed/abcdef1234', '', 401, 'unauthorized'],
    ['unknown key', '/embed/abcdef1234', 'cnx_live_000000000000000000000000', 401, 'unauthorized'],
    ['malformed key', '/title/abcdef1234', 'not-a-key', 401, 'unauthorized'],
    ['unknown id', '/embed/abcdef1234', undefined, 404, 'not_found'],
    ['unknown title id', '/title/abcdef1234', undefined, 404, 'not_found'],
    ['malformed id', '/embed/bad..id', undefined, 400, 'bad_request'],
    ['unknown route', '/nothing-here', undefined, 404, 'not_found'],
  ];
  for (const [name, path, key, status, code] of cases) {
    test(`${name} gets ${status} ${code}`, async () => {
      const response = await api(server, path, key === undefined ? {} : { key });
      assert.equal(response.status, status);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      const body = await response.json();
      assert.equal(body.code, code);
      assert.equal(body.status, status);
      assert.equal(typeof body.message, 'string');
      assert.ok(body.message.length > 10);
      assert.equal(body.detail, body.message);
      assert.equal(typeof body.title, 'string');
    });
  }

  test('embed key on a secret-only endpoint gets 403', async () => {
    const response = await api(server, '/me/uploads', { key: server.keys.embed });
    assert.equal(response.status, 403);
    assert.equal((await response.json()).code, 'forbidden');
  });

  test('secret key from a browser origin gets 401', async () => {
    const response = await api(server, '/me/uploads', {
      headers: { origin: 'https://example.com' },
    });
    assert.equal(response.status, 401);
    assert.match((await response.json()).message, /cnx_embed_/);
  });

  test('wrong method gets 405 with Allow', async () => {
    const response = await api(server, '/me/uploads', { method: 'PUT' });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, POST');
    assert.equal((await response.json()).code, 'method_not_allowed');
  });

  test('errors carry CORS headers', async () => {
    const response = await api(server, '/embed/abcdef1234', { key: '' });
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
  });
});
