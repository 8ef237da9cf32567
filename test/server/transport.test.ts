import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeClip, uploadForm } from '../support/fixtures.ts';
import { api, startServer, type TestServer } from '../support/server.ts';

/** Creates a self-signed certificate for 127.0.0.1 and returns its files. */
function selfSignedCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cnx-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/** GETs `url` over TLS trusting only `ca`, and returns the status and headers. */
function httpsGet(url: string, ca: Buffer, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(url, { ca, headers }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, headers: response.headers, body }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('TLS', () => {
  let server: TestServer;
  let ca: Buffer;

  before(async () => {
    const files = selfSignedCertificate();
    ca = (await import('node:fs')).readFileSync(files.cert);
    server = await startServer({
      env: { CNX_DEMO_TITLE: 'false', CNX_TLS_CERT: files.cert, CNX_TLS_KEY: files.key },
      scheme: 'https',
    });
  });
  after(() => server?.stop());

  test('speaks TLS and sends HSTS', async () => {
    const response = await httpsGet(`${server.apiBase}/me/uploads`, ca, {
      authorization: `Bearer ${server.keys.secret}`,
    });
    assert.equal(response.status, 200);
    assert.match(String(response.headers['strict-transport-security']), /max-age=\d+/);
  });
});

describe('behind a proxy', () => {
  let server: TestServer;

  before(async () => {
    server = await startServer({ env: { CNX_DEMO_TITLE: 'false', CNX_TRUST_PROXY: 'true' } });
  });
  after(() => server?.stop());

  test('refuses plain HTTP from another machine', async () => {
    const response = await api(server, '/me/uploads', {
      headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'http' },
    });
    assert.equal(response.status, 403);
    const body = await response.json();
    assert.equal(body.code, 'forbidden');
    assert.match(body.message, /HTTPS required/);
  });

  test('serves forwarded HTTPS', async () => {
    const response = await api(server, '/me/uploads', {
      headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' },
    });
    assert.equal(response.status, 200);
  });

  test('builds URLs with the forwarded protocol', async () => {
    const clip = await makeClip({ seconds: 1, width: 160, height: 90 });
    const uploaded = await api(server, '/me/uploads', {
      method: 'POST',
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'video.example.com' },
      body: await uploadForm(clip, { streamable: 'false' }),
    });
    assert.equal(uploaded.status, 201);
    const { id } = await uploaded.json();
    const embed = await api(server, `/embed/${id}`, {
      key: server.keys.embed,
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'video.example.com' },
    });
    const url = new URL((await embed.json()).embed_url);
    assert.equal(url.origin, 'https://video.example.com');
    assert.equal(url.pathname, `/embed/${id}`);
  });
});

describe('plain HTTP off loopback', () => {
  test('refuses to start', async () => {
    await assert.rejects(
      startServer({ env: { CNX_DEMO_TITLE: 'false', HOST: '0.0.0.0' } }),
      /would serve plain HTTP off this machine/,
    );
  });
});
