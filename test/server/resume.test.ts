import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeClip, uploadForm } from '../support/fixtures.ts';
import { api, createAccountKey, startServer, type TestServer } from '../support/server.ts';

const DEVICE = 'device-0123456789abcdef';

describe('resume sync', () => {
  let server: TestServer;
  let id: string;

  before(async () => {
    server = await startServer({ env: { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio' } });
    const clip = await makeClip({ seconds: 1, width: 160, height: 90 });
    const response = await api(server, '/me/uploads', {
      method: 'POST',
      body: await uploadForm(clip, { title: 'Resume', streamable: 'false' }),
    });
    id = (await response.json()).id;
  });
  after(() => server?.stop());

  async function token(viewer: string, key = server.keys.secret): Promise<string> {
    const response = await api(server, '/viewer-tokens', {
      key,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ viewer, ttl_seconds: 600 }),
    });
    assert.equal(response.status, 201);
    return (await response.json()).token;
  }

  function write(headers: Record<string, string>, body: object) {
    return api(server, `/resume/${id}`, {
      key: server.keys.embed,
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }

  function read(headers: Record<string, string>) {
    return api(server, `/resume/${id}`, { key: server.keys.embed, headers });
  }

  test('stores and returns a device position', async () => {
    const now = Date.now();
    const written = await write(
      { 'x-cnx-device-id': DEVICE },
      {
        position: 42.5,
        duration: 600,
        completed: false,
        updated_at: now,
        sent_at: now,
      },
    );
    assert.equal(written.status, 200);
    assert.equal((await written.json()).applied, true);
    const body = await (await read({ 'x-cnx-device-id': DEVICE })).json();
    assert.equal(body.record.position, 42.5);
    assert.equal(body.record.completed, false);
  });

  test('embed carries the viewer position', async () => {
    const response = await api(server, `/embed/${id}`, {
      key: server.keys.embed,
      headers: { 'x-cnx-device-id': DEVICE },
    });
    const body = await response.json();
    assert.equal(body.resume_position, 42.5);
    assert.equal(typeof body.resume_updated_at, 'number');
    const anonymous = await (await api(server, `/embed/${id}`, { key: server.keys.embed })).json();
    assert.equal(anonymous.resume_position, undefined);
  });

  test('token follows the viewer across devices', async () => {
    const first = await token('user-42');
    const second = await token('user-42');
    const now = Date.now();
    await write(
      { 'x-cnx-viewer-token': first },
      {
        position: 6,
        duration: 10,
        completed: false,
        updated_at: now,
        sent_at: now,
      },
    );
    const body = await (await read({ 'x-cnx-viewer-token': second })).json();
    assert.equal(body.record.position, 6);
    const other = await (await read({ 'x-cnx-viewer-token': await token('user-43') })).json();
    assert.equal(other.record, null);
  });

  test('newest write wins', async () => {
    const viewer = { 'x-cnx-viewer-token': await token('user-newest') };
    const now = Date.now();
    await write(viewer, { position: 100, duration: 600, updated_at: now, sent_at: now });
    const stale = await write(viewer, {
      position: 50,
      duration: 600,
      updated_at: now - 60_000,
      sent_at: now,
    });
    const body = await stale.json();
    assert.equal(body.applied, false);
    assert.equal(body.record.position, 100);
  });

  test('corrects a device clock that is behind', async () => {
    const viewer = { 'x-cnx-viewer-token': await token('user-skew') };
    const now = Date.now();
    await write(viewer, { position: 100, duration: 600, updated_at: now, sent_at: now });
    // This device's clock is an hour behind; its write is still the newer one.
    const behind = now + 50 - 3_600_000;
    const body = await (
      await write(viewer, { position: 200, duration: 600, updated_at: behind, sent_at: behind })
    ).json();
    assert.equal(body.applied, true);
    assert.equal(body.record.position, 200);
    assert.ok(Math.abs(body.record.updated_at - Date.now()) < 5_000);
  });

  test('near the end marks completed and embeds zero', async () => {
    const viewer = { 'x-cnx-viewer-token': await token('user-done') };
    const now = Date.now();
    const body = await (
      await write(viewer, { position: 595, duration: 600, updated_at: now, sent_at: now })
    ).json();
    assert.equal(body.record.completed, true);
    const embed = await (
      await api(server, `/embed/${id}`, { key: server.keys.embed, headers: viewer })
    ).json();
    assert.equal(embed.resume_position, 0);
    assert.equal(embed.resume_completed, true);
  });

  test('rejects bad records naming the field', async () => {
    const now = Date.now();
    const cases: [object, string][] = [
      [{ position: -1, duration: 10, updated_at: now }, 'position'],
      [{ position: 'x', duration: 10, updated_at: now }, 'position'],
      [{ position: 50, duration: 10, updated_at: now }, 'position'],
      [{ position: 1, duration: Number.NaN, updated_at: now }, 'duration'],
      [{ position: 1, duration: 10 }, 'updated_at'],
      [{ position: 1, duration: 10, updated_at: now, completed: 'yes' }, 'completed'],
    ];
    for (const [body, field] of cases) {
      const response = await write({ 'x-cnx-device-id': DEVICE }, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal((await response.json()).field, field, JSON.stringify(body));
    }
  });

  test('requires a viewer', async () => {
    const response = await read({});
    assert.equal(response.status, 400);
    assert.match((await response.json()).message, /X-CNX-Viewer-Token|x-cnx-viewer-token/);
  });

  test('rejects forged and foreign tokens', async () => {
    const real = await token('user-1');
    const forged = `${real.slice(0, -3)}${real.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const forgedResponse = await read({ 'x-cnx-viewer-token': forged });
    assert.equal(forgedResponse.status, 401);
    const other = await createAccountKey(server, { plan: 'studio' });
    const foreign = await token('user-1', other.key);
    const foreignResponse = await read({ 'x-cnx-viewer-token': foreign });
    assert.equal(foreignResponse.status, 401);
    assert.match((await foreignResponse.json()).message, /another account/);
  });

  test('embed key cannot mint viewer tokens', async () => {
    const response = await api(server, '/viewer-tokens', {
      key: server.keys.embed,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ viewer: 'user-1' }),
    });
    assert.equal(response.status, 403);
  });
});
