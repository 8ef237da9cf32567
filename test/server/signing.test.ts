import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  loadSigningKeys,
  MediaSigner,
  rotateSigningKeys,
  signingKeyFile,
} from '../../src/server/signing.ts';
import { startServer, type TestServer } from '../support/server.ts';

const keys = () => [{ kid: 'k1', secret: 'a-test-secret-of-enough-length-000' }];

describe('media signing', () => {
  test('accepts its own fresh token', () => {
    const signer = new MediaSigner(keys, 3600);
    const { token } = signer.sign('abcdef1234');
    assert.deepEqual(signer.verify('abcdef1234', token), { ok: true });
  });

  test('rejects a token for another id', () => {
    const signer = new MediaSigner(keys, 3600);
    const { token } = signer.sign('abcdef1234');
    assert.deepEqual(signer.verify('zzzzzz9999', token), { ok: false, reason: 'forbidden' });
  });

  test('rejects an altered expiry as forbidden', () => {
    const signer = new MediaSigner(keys, 3600);
    const { token, expires } = signer.sign('abcdef1234');
    const altered = token.replace(`.${expires}.`, `.${expires + 3600}.`);
    assert.deepEqual(signer.verify('abcdef1234', altered), { ok: false, reason: 'forbidden' });
  });

  test('reports an old token as expired', () => {
    const signer = new MediaSigner(keys, 60);
    const { token, expires } = signer.sign('abcdef1234');
    const later = expires * 1000 + 1;
    assert.deepEqual(signer.verify('abcdef1234', token, later), { ok: false, reason: 'expired' });
  });

  test('rejects malformed tokens', () => {
    const signer = new MediaSigner(keys, 60);
    for (const token of [
      '',
      'k1',
      'k1.1.short',
      '../k1.123.aaaaaaaaaaaaaaaaaaaaaa',
      'k9.1.aaaaaaaaaaaaaaaaaaaaaa',
    ]) {
      assert.deepEqual(
        signer.verify('abcdef1234', token),
        { ok: false, reason: 'forbidden' },
        token,
      );
    }
  });

  test('rotation keeps issued tokens valid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnx-signing-'));
    loadSigningKeys(dir);
    const loader = signingKeyFile(dir);
    const signer = new MediaSigner(loader, 3600);
    const before = signer.sign('abcdef1234').token;
    assert.equal(rotateSigningKeys(dir), 'k2');
    // The loader re-reads the file at most once a second.
    await new Promise((done) => setTimeout(done, 1100));
    const after = signer.sign('abcdef1234').token;
    assert.ok(after.startsWith('k2.'), after);
    assert.deepEqual(signer.verify('abcdef1234', before), { ok: true });
    assert.deepEqual(signer.verify('abcdef1234', after), { ok: true });
  });
});

describe('signed media over HTTP', () => {
  let server: TestServer;
  let signer: MediaSigner;

  before(async () => {
    server = await startServer({ env: { CNX_DEMO_TITLE: 'false' } });
    signer = new MediaSigner(() => loadSigningKeys(server.dataDir), 3600);
  });
  after(() => server?.stop());

  test('expired URL gets 403 expired', async () => {
    const { token } = signer.sign('abcdef1234', Date.now() - 2 * 24 * 3600 * 1000);
    const response = await fetch(`${server.apiBase}/media/abcdef1234/${token}/master.m3u8`);
    assert.equal(response.status, 403);
    const body = await response.json();
    assert.equal(body.code, 'expired');
    assert.match(body.message, /GET \/v2\/embed/);
  });

  test('altered URL gets 403 forbidden', async () => {
    const { token } = signer.sign('abcdef1234');
    const altered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const response = await fetch(`${server.apiBase}/media/abcdef1234/${altered}/master.m3u8`);
    assert.equal(response.status, 403);
    assert.equal((await response.json()).code, 'forbidden');
  });

  test('valid URL of a missing file gets 404', async () => {
    const { token } = signer.sign('abcdef1234');
    const response = await fetch(`${server.apiBase}/media/abcdef1234/${token}/master.m3u8`);
    assert.equal(response.status, 404);
    assert.equal((await response.json()).code, 'not_found');
  });
});
