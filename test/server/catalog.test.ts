import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { api, cli, startServer, type TestServer } from '../support/server.ts';

const REFRESH_MS = 500;

const MASTER = [
  '#EXTM3U',
  '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",URI="en.m3u8"',
  '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,SUBTITLES="subs"',
  '360.m3u8',
  '#EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1280x720,SUBTITLES="subs"',
  '720.m3u8',
  '',
].join('\n');

/** An HLS origin on loopback that counts its requests and can be stopped and restarted. */
class Origin {
  server: Server | undefined;
  port = 0;
  requests: string[] = [];

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.requests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end(MASTER);
    });
    await new Promise<void>((done) => this.server!.listen(this.port, '127.0.0.1', done));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((done) => this.server?.close(done));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/master.m3u8`;
  }
}

/** Polls `/embed` until its hls_url is `expected`; returns the time that took in ms. */
async function waitForSource(server: TestServer, id: string, expected: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    const body = await (await api(server, `/embed/${id}`, { key: server.keys.embed })).json();
    if (body.hls_url === expected) return Date.now() - started;
    if (Date.now() - started > REFRESH_MS * 6) {
      throw new Error(`hls_url is still ${body.hls_url}, expected ${expected}`);
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe('catalog', () => {
  let server: TestServer;
  const preferred = new Origin();
  const backup = new Origin();
  let id: string;

  before(async () => {
    await preferred.start();
    await backup.start();
    server = await startServer({
      env: {
        CNX_DEMO_TITLE: 'false',
        CNX_CATALOG_REFRESH_MS: String(REFRESH_MS),
        CNX_CATALOG_TIMEOUT_MS: '300',
        CNX_PLAYBACK_RATE_LIMIT: '100000',
      },
    });
    const output = await cli(server, [
      'catalog',
      'add',
      '--title',
      'Catalog clip',
      '--duration',
      '42',
      '--source',
      preferred.url,
      '--source',
      backup.url,
    ]);
    id = JSON.parse(output).id;
  });
  after(async () => {
    await server?.stop();
    await preferred.stop();
    await backup.stop();
  });

  test('embeds the preferred source', async () => {
    const response = await api(server, `/embed/${id}`, { key: server.keys.embed });
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.hls_url, preferred.url);
    assert.deepEqual(body.qualities, [360, 720]);
    assert.deepEqual(body.subtitles, ['en']);
    assert.equal(body.status, 'ready');
  });

  test('title shows catalog metadata', async () => {
    const body = await (await api(server, `/title/${id}`, { key: server.keys.embed })).json();
    assert.equal(body.title, 'Catalog clip');
    assert.equal(body.duration, 42);
    assert.equal(body.streamable, true);
  });

  test('fails over and back within the refresh interval', async () => {
    await preferred.stop();
    const toBackup = await waitForSource(server, id, backup.url);
    assert.ok(toBackup <= REFRESH_MS * 3, `failover took ${toBackup} ms`);
    await preferred.start();
    const toPreferred = await waitForSource(server, id, preferred.url);
    assert.ok(toPreferred <= REFRESH_MS * 3, `recovery took ${toPreferred} ms`);
  });

  test('caches the choice between checks', async () => {
    const before = preferred.requests.length;
    await Promise.all(
      Array.from({ length: 20 }, () => api(server, `/embed/${id}`, { key: server.keys.embed })),
    );
    const checks = preferred.requests.length - before;
    assert.ok(checks <= 2, `${checks} health checks for 20 embeds`);
  });

  test('no source answering gets 503', async () => {
    await preferred.stop();
    await backup.stop();
    await new Promise((done) => setTimeout(done, REFRESH_MS * 3));
    const response = await api(server, `/embed/${id}`, { key: server.keys.embed });
    assert.equal(response.status, 503);
    assert.equal((await response.json()).code, 'unavailable');
  });

  test('fetches only registered URLs', () => {
    const paths = new Set([...preferred.requests, ...backup.requests]);
    assert.deepEqual([...paths], ['/master.m3u8']);
  });

  test('command line rejects bad sources', async () => {
    await assert.rejects(
      cli(server, ['catalog', 'add', '--title', 'x', '--source', 'file:///etc/passwd']),
      /Invalid URL "file:\/\/\/etc\/passwd"/,
    );
  });
});
