import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, createAccountKey, startServer, type TestServer } from '../support/server.ts';

const FREE_LIMIT = 60;

/** Sends `count` requests at once and returns their statuses. */
async function burst(server: TestServer, key: string, count: number): Promise<number[]> {
  const responses = await Promise.all(
    Array.from({ length: count }, () => api(server, '/me/uploads', { key })),
  );
  await Promise.all(responses.map((response) => response.arrayBuffer()));
  return responses.map((response) => response.status);
}

describe('rate limits', () => {
  let server: TestServer;

  before(async () => {
    server = await startServer({
      env: { CNX_DEMO_TITLE: 'false', CNX_RATE_LIMIT_WINDOW_MS: '4000' },
    });
  });
  after(() => server?.stop());

  test('counts per account across keys', async () => {
    const account = await createAccountKey(server);
    const second = await createAccountKey(server);
    // A second key of the first account, made through the API with the first key.
    const created = await api(server, '/me/keys', {
      key: account.key,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'secret', label: 'second' }),
    });
    const otherKey = (await created.json()).key as string;

    const statuses = await burst(server, account.key, FREE_LIMIT - 1);
    assert.deepEqual(new Set(statuses), new Set([200]));

    const sixtyFirst = await api(server, '/me/uploads', { key: otherKey });
    assert.equal(sixtyFirst.status, 429);
    const body = await sixtyFirst.json();
    assert.equal(body.code, 'rate_limited');
    const retryAfter = Number(sixtyFirst.headers.get('retry-after'));
    assert.ok(retryAfter >= 1, `Retry-After ${retryAfter} is under 1 s`);
    assert.ok(retryAfter <= 4, `Retry-After ${retryAfter} is longer than the 4 s window`);
    assert.equal(sixtyFirst.headers.get('x-ratelimit-remaining'), '0');

    const unaffected = await api(server, '/me/uploads', { key: second.key });
    assert.equal(unaffected.status, 200);

    await new Promise((done) => setTimeout(done, retryAfter * 1000 + 200));
    const afterReset = await api(server, '/me/uploads', { key: account.key });
    assert.equal(afterReset.status, 200);
  });

  test('exactly the plan limit succeeds', async () => {
    const account = await createAccountKey(server);
    const statuses = await burst(server, account.key, FREE_LIMIT + 20);
    assert.equal(statuses.filter((status) => status === 200).length, FREE_LIMIT);
    assert.equal(statuses.filter((status) => status === 429).length, 20);
  });

  test('counted responses carry rate limit headers', async () => {
    const account = await createAccountKey(server, { plan: 'creator' });
    const response = await api(server, '/me/uploads', { key: account.key });
    assert.equal(response.headers.get('ratelimit-policy'), '"creator";q=300;w=4');
    assert.match(response.headers.get('ratelimit') ?? '', /^"creator";r=299;t=\d+$/);
    assert.equal(response.headers.get('x-ratelimit-limit'), '300');
    assert.equal(response.headers.get('x-ratelimit-remaining'), '299');
    const reset = Number(response.headers.get('x-ratelimit-reset'));
    assert.ok(reset > Date.now() / 1000, `X-RateLimit-Reset ${reset} is not in the future`);
  });

  test('embed requests do not count against the plan', async () => {
    const account = await createAccountKey(server);
    const created = await api(server, '/me/keys', {
      key: account.key,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'embed' }),
    });
    const embedKey = (await created.json()).key as string;
    const statuses = await Promise.all(
      Array.from({ length: FREE_LIMIT + 5 }, async () => {
        const response = await api(server, '/embed/abcdef1234', { key: embedKey });
        await response.arrayBuffer();
        return response.headers.get('ratelimit-policy');
      }),
    );
    assert.ok(statuses.every((policy) => policy?.startsWith('"playback"')));
    const planned = await api(server, '/me/uploads', { key: account.key });
    // Two requests counted: the key creation and this one.
    assert.equal(planned.headers.get('x-ratelimit-remaining'), String(FREE_LIMIT - 2));
  });
});

describe('playback limit', () => {
  let server: TestServer;

  before(async () => {
    server = await startServer({ env: { CNX_DEMO_TITLE: 'false', CNX_PLAYBACK_RATE_LIMIT: '5' } });
  });
  after(() => server?.stop());

  test('limits one address per embed key', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await api(server, '/embed/abcdef1234', { key: server.keys.embed });
      statuses.push(response.status);
    }
    assert.deepEqual(statuses, [404, 404, 404, 404, 404, 429]);
    const other = await createAccountKey(server, { kind: 'embed' });
    const response = await api(server, '/embed/abcdef1234', { key: other.key });
    assert.equal(response.status, 404);
  });
});
