// Resume across devices: two browser contexts with separate storage stand
// for two devices of one viewer, named by a viewer token that the test
// mints in Node with the secret key, as a site's backend would. Needs the
// player bundle built (`npm run build`).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  api,
  demoTitleId,
  startServer,
  waitForUpload,
  type TestServer,
} from '../support/server.ts';
import { launchChromium, playerStart, playUntil, recordResumeEvents } from './browser.ts';

/** Path of the test's own page on the server's origin, served by request interception. */
const PAGE_PATH = '/e2e-cross-device.html';

let server: TestServer;
let browser: Browser;
let mediaId: string;
let token: string;

/** Returns a plain page with one player for `mediaId` and the viewer token, on the server's origin. */
function pageHtml(): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Cross-device resume</title>
    <script type="module" src="/player/cnx-player.js"></script></head>
  <body>
    <cnx-player media-id="${mediaId}" api-key="${server.keys.embed}"
      api-base="${server.apiBase}" viewer-token="${token}" muted></cnx-player>
  </body>
</html>`;
}

async function openDevice(context: BrowserContext): Promise<Page> {
  await context.route(`${server.origin}${PAGE_PATH}`, (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: pageHtml() }),
  );
  const page = await context.newPage();
  await recordResumeEvents(page);
  await page.goto(`${server.origin}${PAGE_PATH}`);
  return page;
}

/** Polls the viewer's server record until `check` passes, from Node with the secret key. */
async function waitForServerRecord(check: (position: number, completed: boolean) => boolean) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await api(server, `/resume/${mediaId}`, {
      headers: { 'x-cnx-viewer-token': token },
    });
    const body = (await response.json()) as { record: { position: number; completed: boolean } };
    if (body.record && check(body.record.position, body.record.completed)) return body.record;
    if (Date.now() > deadline) throw new Error(`server record: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Returns the positions of the records in the page's IndexedDB store. */
function localPositions(page: Page): Promise<number[]> {
  return page.evaluate(
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
}

let firstContext: BrowserContext;
let left: number;
let secondStart: Awaited<ReturnType<typeof playerStart>>;
let firstOldRecord: number[];
let firstAgain: Awaited<ReturnType<typeof playerStart>>;

before(async () => {
  server = await startServer({ env: { CNX_DEMO_PLAN: 'studio' } });
  mediaId = await demoTitleId(server);
  const demo = await waitForUpload(server, mediaId, 120_000);
  assert.equal(demo.status, 'ready', `demo title ${mediaId} is ${demo.status}`);
  const minted = await api(server, '/viewer-tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ viewer: 'user-42' }),
  });
  assert.equal(minted.status, 201, `POST /viewer-tokens returned ${minted.status}`);
  token = ((await minted.json()) as { token: string }).token;
  browser = await launchChromium();

  // The first device watches to about 6 s and closes the page.
  firstContext = await browser.newContext();
  const first = await openDevice(firstContext);
  left = await playUntil(first, 6);
  await first.close({ runBeforeUnload: true });
  await waitForServerRecord((position) => position >= left - 0.5);

  // The second device resumes there, then finishes the title.
  const secondContext = await browser.newContext();
  const second = await openDevice(secondContext);
  secondStart = await playerStart(second);
  await second.evaluate(() => {
    const player = document.querySelector('cnx-player')!;
    player.currentTime = player.duration - 1;
  });
  await playUntil(second, 0);
  await second.waitForFunction(() => document.querySelector('cnx-player')?.ended === true);
  await waitForServerRecord((_position, completed) => completed);

  // The first device opens the title again with its old local record.
  const firstAgainPage = await openDevice(firstContext);
  firstOldRecord = await localPositions(firstAgainPage);
  firstAgain = await playerStart(firstAgainPage);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('second device resumes within one second', () => {
  assert.ok(
    Math.abs(secondStart.position - left) < 1,
    `start ${secondStart.position}, left ${left}`,
  );
});

test('second device resumes from the server', () => {
  assert.equal(secondStart.resumeSource, 'server');
});

test('first device keeps its old record', () => {
  assert.ok(
    firstOldRecord.some((position) => Math.abs(position - left) < 1),
    `local positions ${JSON.stringify(firstOldRecord)}, left ${left}`,
  );
});

test('completed title restarts at zero', () => {
  assert.ok(firstAgain.position < 1, `start ${firstAgain.position}`);
});

test('completed title fires no resume', () => {
  assert.equal(firstAgain.resumeSource, null);
});
