import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeClip, uploadForm } from '../support/fixtures.ts';
import { api, startServer, type TestServer } from '../support/server.ts';

function report(server: TestServer, id: string, viewer?: string) {
  return api(server, `/title/${id}/views`, {
    method: 'POST',
    key: server.keys.embed,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(viewer === undefined ? {} : { viewer }),
  });
}

describe('views', () => {
  let server: TestServer;
  let id: string;

  before(async () => {
    server = await startServer({ env: { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio' } });
    const clip = await makeClip({ seconds: 1, width: 160, height: 90 });
    const response = await api(server, '/me/uploads', {
      method: 'POST',
      body: await uploadForm(clip, { title: 'Views', streamable: 'false' }),
    });
    id = (await response.json()).id;
  });
  after(() => server?.stop());

  async function views(): Promise<number> {
    return (await (await api(server, `/title/${id}`)).json()).views;
  }

  test('counts once per viewer per hour', async () => {
    const first = await report(server, id, 'viewer-aaaaaaaa');
    assert.equal(first.status, 202);
    assert.deepEqual(await first.json(), { counted: true });
    const again = await report(server, id, 'viewer-aaaaaaaa');
    assert.deepEqual(await again.json(), { counted: false });
    assert.equal(await views(), 1);
  });

  test('counts each viewer', async () => {
    await report(server, id, 'viewer-bbbbbbbb');
    await report(server, id, 'viewer-cccccccc');
    assert.equal(await views(), 3);
  });

  test('earnings follow views', async () => {
    const upload = await (await api(server, `/me/uploads/${id}`)).json();
    // The demo account earns 1.5 USD per thousand views.
    assert.deepEqual(upload.earnings, { amount: 0.0045, currency: 'USD' });
    assert.equal(upload.views, 3);
  });

  test('counts a signed-in viewer once across devices', async () => {
    const minted = await api(server, '/viewer-tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ viewer: 'user-77' }),
    });
    const { token } = await minted.json();
    const before = await views();
    for (const device of ['device-one-0000', 'device-two-0000']) {
      await api(server, `/title/${id}/views`, {
        method: 'POST',
        key: server.keys.embed,
        headers: { 'content-type': 'application/json', 'x-cnx-viewer-token': token },
        body: JSON.stringify({ viewer: device }),
      });
    }
    assert.equal(await views(), before + 1);
  });

  test('rejects a malformed viewer', async () => {
    const response = await report(server, id, 'x');
    assert.equal(response.status, 400);
    assert.equal((await response.json()).field, 'viewer');
  });

  test('unknown title gets 404', async () => {
    const response = await report(server, 'zzzzzz9999', 'viewer-aaaaaaaa');
    assert.equal(response.status, 404);
  });
});
