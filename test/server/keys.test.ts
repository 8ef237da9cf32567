import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { api, cli, createAccountKey, startServer, type TestServer } from '../support/server.ts';

function post(server: TestServer, path: string, key: string, body: unknown) {
  return api(server, path, {
    key,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('keys', () => {
  let server: TestServer;
  let secret: string;

  before(async () => {
    server = await startServer({ env: { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio' } });
    secret = server.keys.secret;
  });
  after(() => server?.stop());

  test('stores only hashes of keys', () => {
    const db = new Database(join(server.dataDir, 'cnx.db'), { readonly: true });
    const dump = JSON.stringify(db.prepare('SELECT * FROM api_keys').all());
    db.close();
    assert.ok(!dump.includes(server.keys.secret));
    assert.ok(!dump.includes(server.keys.embed));
    assert.ok(!readFileSync(join(server.dataDir, 'cnx.db')).includes(server.keys.secret));
  });

  test('creation shows the key once', async () => {
    const response = await post(server, '/me/keys', secret, { kind: 'embed', label: 'site' });
    assert.equal(response.status, 201);
    const created = await response.json();
    assert.match(created.key, /^cnx_embed_/);
    const list = await (await api(server, '/me/keys', { key: secret })).json();
    const listed = list.data.find((key: { id: string }) => key.id === created.id);
    assert.equal(listed.label, 'site');
    assert.equal(listed.key, undefined);
    assert.ok(!JSON.stringify(list).includes(created.key));
  });

  test('rotation keeps the old key for the grace period', async () => {
    const first = await (await post(server, '/me/keys', secret, { kind: 'secret' })).json();
    const rotated = await post(server, `/me/keys/${first.id}/rotate`, secret, { grace_seconds: 2 });
    assert.equal(rotated.status, 201);
    const next = await rotated.json();
    assert.notEqual(next.key, first.key);
    assert.equal((await api(server, '/me/uploads', { key: first.key })).status, 200);
    assert.equal((await api(server, '/me/uploads', { key: next.key })).status, 200);
    await new Promise((done) => setTimeout(done, 2200));
    assert.equal((await api(server, '/me/uploads', { key: first.key })).status, 401);
    assert.equal((await api(server, '/me/uploads', { key: next.key })).status, 200);
  });

  test('revoked keys stop at once', async () => {
    const key = await (await post(server, '/me/keys', secret, { kind: 'secret' })).json();
    const revoked = await api(server, `/me/keys/${key.id}`, { key: secret, method: 'DELETE' });
    assert.equal(revoked.status, 204);
    const response = await api(server, '/me/uploads', { key: key.key });
    assert.equal(response.status, 401);
    assert.equal((await response.json()).code, 'unauthorized');
  });

  test('bad key requests name the field', async () => {
    const cases: [unknown, string][] = [
      [{ kind: 'admin' }, 'kind'],
      [{ kind: 'embed', origins: ['not an origin'] }, 'origins'],
      [{ kind: 'embed', origins: 'https://example.com' }, 'origins'],
      [{ kind: 'secret', origins: ['https://example.com'] }, 'origins'],
      [{ kind: 'embed', label: 42 }, 'label'],
    ];
    for (const [body, field] of cases) {
      const response = await post(server, '/me/keys', secret, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal((await response.json()).field, field, JSON.stringify(body));
    }
    const rotate = await post(server, '/me/keys/key_000000000000/rotate', secret, {});
    assert.equal(rotate.status, 404);
    const malformed = await post(server, '/me/keys/nope/rotate', secret, {});
    assert.equal((await malformed.json()).field, 'keyId');
  });

  test('another account cannot see or revoke keys', async () => {
    const other = await createAccountKey(server);
    const mine = await (await post(server, '/me/keys', secret, { kind: 'secret' })).json();
    const response = await api(server, `/me/keys/${mine.id}`, { key: other.key, method: 'DELETE' });
    assert.equal(response.status, 404);
    const list = await (await api(server, '/me/keys', { key: other.key })).json();
    assert.equal(list.data.length, 1);
  });

  test('command line creates, lists, rotates and revokes', async () => {
    const created = await createAccountKey(server, {
      kind: 'embed',
      origins: ['https://*.example.com'],
    });
    const listed = await cli(server, ['keys', 'list', '--account', created.accountId]);
    assert.match(listed, new RegExp(created.keyId));
    assert.ok(!listed.includes(created.key), 'keys list printed a full key');
    const rotated = await cli(server, ['keys', 'rotate', created.keyId, '--grace', '0']);
    const replacement = JSON.parse(rotated.split('\n')[0]!);
    assert.match(replacement.key, /^cnx_embed_/);
    assert.deepEqual(replacement.origins, ['https://*.example.com']);
    assert.equal((await api(server, '/embed/abcdef1234', { key: created.key })).status, 401);
    await cli(server, ['keys', 'revoke', replacement.id]);
    assert.equal((await api(server, '/embed/abcdef1234', { key: replacement.key })).status, 401);
  });
});

describe('origins', () => {
  let server: TestServer;
  let embedKey: string;

  before(async () => {
    server = await startServer({ env: { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio' } });
    const response = await post(server, '/me/keys', server.keys.secret, {
      kind: 'embed',
      origins: ['https://shop.example.org', 'https://*.example.com'],
    });
    embedKey = (await response.json()).key;
  });
  after(() => server?.stop());

  const cases: [string, number][] = [
    ['https://shop.example.org', 404],
    ['https://a.example.com', 404],
    ['https://deep.a.example.com', 404],
    ['https://example.com', 403],
    ['https://evil-example.com', 403],
    ['http://a.example.com', 403],
    ['https://shop.example.org:8443', 403],
    ['https://example.com.evil.net', 403],
  ];
  for (const [origin, status] of cases) {
    test(`origin ${origin} gets ${status}`, async () => {
      const response = await api(server, '/embed/abcdef1234', {
        key: embedKey,
        headers: { origin },
      });
      assert.equal(response.status, status);
      if (status === 403) assert.equal((await response.json()).code, 'forbidden');
    });
  }

  test('the server origin may use any embed key', async () => {
    const response = await api(server, '/embed/abcdef1234', {
      key: embedKey,
      headers: { origin: server.origin },
    });
    assert.equal(response.status, 404);
  });

  test('secret key with an origin points to embed keys', async () => {
    const response = await api(server, '/title/abcdef1234', {
      headers: { origin: 'https://shop.example.org' },
    });
    assert.equal(response.status, 401);
    assert.match((await response.json()).message, /cnx_embed_/);
  });
});
