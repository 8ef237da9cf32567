/** Bursts of concurrent requests: every embed succeeds and the rate limiter stays exact. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeClip, uploadForm } from '../support/fixtures.ts';
import { api, cli, createAccountKey, startServer, type TestServer } from '../support/server.ts';

/** Sends `count` requests at once and returns each one's status, 0 for a dropped request. */
async function burst(count: number, send: () => Promise<Response>): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      try {
        const response = await send();
        await response.arrayBuffer();
        return response.status;
      } catch {
        return 0;
      }
    }),
  );
}

function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

let server: TestServer;

before(async () => {
  server = await startServer({ env: { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio' } });
});
after(() => server?.stop());

describe('concurrent embeds', () => {
  let id: string;

  before(async () => {
    const clip = await makeClip({ width: 320, height: 240, seconds: 1 });
    const response = await api(server, '/me/uploads', {
      method: 'POST',
      body: await uploadForm(clip, { streamable: 'false' }),
    });
    id = ((await response.json()) as { id: string }).id;
  });

  test('200 concurrent embeds all succeed', async () => {
    const statuses = await burst(200, () =>
      api(server, `/embed/${id}`, { key: server.keys.embed }),
    );
    assert.deepEqual(tally(statuses), { 200: 200 });
  });
});

describe('rate limiter under concurrency', () => {
  test('exactly 60 of 100 succeed', async () => {
    const { key } = await createAccountKey(server, { plan: 'free' });
    const statuses = await burst(100, () => api(server, '/me/uploads', { key }));
    assert.deepEqual(tally(statuses), { 200: 60, 429: 40 });
  });

  test('rejected requests carry Retry-After', async () => {
    const { key } = await createAccountKey(server, { plan: 'free' });
    const responses = await Promise.all(
      Array.from({ length: 70 }, () => api(server, '/me/uploads', { key })),
    );
    const limited = responses.filter((response) => response.status === 429);
    await Promise.all(responses.map((response) => response.arrayBuffer()));
    assert.equal(limited.length, 10);
    for (const response of limited)
      assert.match(response.headers.get('retry-after') ?? '', /^\d+$/);
  });

  test('secret keys share the account limit', async () => {
    const { key, accountId } = await createAccountKey(server, { plan: 'free' });
    const second = JSON.parse(
      (await cli(server, ['keys', 'create', '--account', accountId, '--kind', 'secret'])).split(
        '\n',
      )[0]!,
    ) as { key: string };
    const statuses = await burst(100, () =>
      api(server, '/me/uploads', { key: Math.random() < 0.5 ? key : second.key }),
    );
    assert.deepEqual(tally(statuses), { 200: 60, 429: 40 });
  });
});
