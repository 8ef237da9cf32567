import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, startServer, type TestServer } from '../support/server.ts';

describe('HTTP rules', () => {
  let server: TestServer;

  before(async () => {
    server = await startServer({ env: { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio' } });
  });
  after(() => server?.stop());

  test('preflight allows the player headers', async () => {
    const response = await fetch(`${server.apiBase}/resume/abcdef1234`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://site.example',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization, content-type, x-cnx-device-id',
      },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of [
      'authorization',
      'content-type',
      'x-cnx-device-id',
      'x-cnx-viewer-token',
    ]) {
      assert.ok(allowed.includes(header), `${header} is not allowed`);
    }
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /PUT/);
  });

  test('unsupported content type gets 415 JSON', async () => {
    const response = await api(server, '/me/keys', {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<key/>',
    });
    assert.equal(response.status, 415);
    const body = await response.json();
    assert.equal(body.code, 'unsupported_media_type');
    assert.match(body.message, /"application\/xml"/);
  });

  test('JSON upload gets 415 naming the type', async () => {
    const response = await api(server, '/me/uploads', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x' }),
    });
    assert.equal(response.status, 415);
    const body = await response.json();
    assert.equal(body.code, 'unsupported_media_type');
    assert.match(body.message, /"application\/json": uploads are multipart\/form-data/);
  });

  test('malformed JSON gets 400 JSON', async () => {
    const response = await api(server, '/me/keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"kind":',
    });
    assert.equal(response.status, 400);
    assert.equal((await response.json()).code, 'bad_request');
  });

  test('oversized JSON gets 413 JSON', async () => {
    const response = await api(server, '/me/keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'embed', label: 'x'.repeat(2 * 1024 * 1024) }),
    });
    assert.equal(response.status, 413);
    assert.equal((await response.json()).code, 'payload_too_large');
  });

  test('browsers asking for HTML still get JSON', async () => {
    const response = await fetch(`${server.apiBase}/nothing`, { headers: { accept: 'text/html' } });
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  });

  test('error type links to the reference', async () => {
    const body = await (await api(server, '/embed/abcdef1234', { key: '' })).json();
    assert.equal(body.type, '/v2/docs#error-unauthorized');
    const page = await (await fetch(`${server.apiBase}/docs`)).text();
    assert.ok(page.includes('id="error-unauthorized"'));
  });
});
