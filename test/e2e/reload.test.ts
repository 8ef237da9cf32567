// Resume across a reload of the demo page: the position comes back from
// IndexedDB. Needs the player bundle built (`npm run build`).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../support/server.ts';
import { launchChromium, playerStart, playUntil, recordResumeEvents } from './browser.ts';

let server: TestServer;
let browser: Browser;
let page: Page;
let watched: number;

before(async () => {
  server = await startServer({ env: { CNX_DEMO_PLAN: 'studio' } });
  browser = await launchChromium();
  page = await browser.newPage();
  await recordResumeEvents(page);
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => (document.querySelector('cnx-player')?.readyState ?? 0) >= 1, {
    timeout: 120_000,
  });
  watched = await playUntil(page, 3);
  await page.reload();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('reload resumes within one second', async () => {
  const start = await playerStart(page);
  assert.ok(Math.abs(start.position - watched) < 1, `start ${start.position}, left ${watched}`);
});

test('reload resumes from the local store', async () => {
  const start = await playerStart(page);
  assert.equal(start.resumeSource, 'local');
});

test('reload finds the record in IndexedDB', async () => {
  const positions = await page.evaluate(
    () =>
      new Promise<number[]>((resolve, reject) => {
        const request = indexedDB.open('cnx-player');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const all = request.result.transaction('resume').objectStore('resume').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => resolve(all.result.map((record) => record.position));
        };
      }),
  );
  assert.equal(positions.length, 1, `records: ${JSON.stringify(positions)}`);
  assert.ok(Math.abs(positions[0]! - watched) < 1, `stored ${positions[0]}, left ${watched}`);
});
