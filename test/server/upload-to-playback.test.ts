import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeClip, uploadForm } from '../support/fixtures.ts';
import { api, startServer, waitForUpload, type TestServer } from '../support/server.ts';

/** A real recording kept beside the repository for acceptance checks; absent on a fresh clone. */
const FLOWER = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'media', 'flower.mp4');

/** Uploads `path`, follows it from processing to ready, and checks what it serves. */
async function uploadAndCheck(server: TestServer, path: string, title: string): Promise<void> {
  const created = await api(server, '/me/uploads', {
    method: 'POST',
    body: await uploadForm(path, { title, streamable: 'true' }),
  });
  assert.equal(created.status, 201);
  const upload = await created.json();
  assert.equal(upload.status, 'processing');
  assert.equal(upload.title, title);

  const listed = await (await api(server, '/me/uploads')).json();
  assert.ok(listed.data.some((item: { id: string }) => item.id === upload.id));

  const ready = await waitForUpload(server, upload.id);
  assert.equal(ready.status, 'ready', `conversion ended ${ready.status}: ${String(ready.error)}`);
  assert.equal(ready.progress, 100);

  const master = await (await fetch(ready.hls_url as string)).text();
  const variants = master.split('\n').filter((line) => line.startsWith('#EXT-X-STREAM-INF'));
  assert.ok(variants.length >= 2, `only ${variants.length} renditions`);

  const base = (ready.hls_url as string).replace(/master\.m3u8$/, '');
  const firstVariant = master.split('\n').find((line) => line.endsWith('.m3u8'))!;
  const media = await (await fetch(base + firstVariant)).text();
  assert.match(media, /#EXT-X-MAP:URI="[^"]+\.mp4"/, 'the rendition is not fragmented MP4');
  const segment = media.split('\n').find((line) => line.endsWith('.m4s'));
  assert.ok(segment, 'the rendition lists no .m4s segment');

  const poster = await fetch(ready.poster as string);
  assert.equal(poster.headers.get('content-type'), 'image/jpeg');
  const bytes = new Uint8Array(await poster.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xff, 0xd8, 0xff], 'the poster is not a JPEG');
}

describe('upload to playback', () => {
  let server: TestServer;

  before(async () => {
    server = await startServer({ env: { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio' } });
  });
  after(() => server?.stop());

  test('generated clip reaches ready with renditions', async () => {
    const clip = await makeClip({ width: 960, height: 540, seconds: 3 });
    await uploadAndCheck(server, clip, 'Generated');
  });

  test(
    'real recording reaches ready with renditions',
    { skip: !existsSync(FLOWER) && 'the shared media folder is missing' },
    async () => {
      await uploadAndCheck(server, FLOWER, 'Flower');
    },
  );
});
