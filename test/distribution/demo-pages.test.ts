/**
 * Smoke test of the demo pages, one per way in, in Chromium against the
 * real server: each page plays the demo title and logs no console error.
 * Needs `npm run build` first, which also builds the React app.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import { demoTitleId, startServer, waitForUpload, type TestServer } from '../support/server.ts';
import { collectPageErrors, launchChromium } from '../embed/helpers.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  server = await startServer({ env: { CNX_DEMO_PLAN: 'studio' } });
  await waitForUpload(server, await demoTitleId(server), 120_000);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Resolves once the first `<cnx-player>` of `target` has played past half a second. */
async function waitForPlayback(target: Page | Frame): Promise<void> {
  await target.waitForFunction(
    () => (document.querySelector('cnx-player')?.currentTime ?? 0) > 0.5,
    undefined,
    { timeout: 20_000 },
  );
}

/** Calls `play()` on the first `<cnx-player>` of `target` once its title has loaded. */
async function playWhenReady(target: Page | Frame): Promise<void> {
  await target.waitForFunction(() => (document.querySelector('cnx-player')?.readyState ?? 0) >= 1);
  await target.evaluate(() => document.querySelector('cnx-player')!.play());
}

describe('script-tag demo', () => {
  let page: Page;
  let errors: string[];

  before(async () => {
    page = await browser.newPage();
    errors = collectPageErrors(page);
    await page.goto(`${server.origin}/demo/script-tag.html`);
  });

  after(() => page?.close());

  test('defines cnx-player from one script', async () => {
    assert.equal(await page.evaluate(() => customElements.get('cnx-player') !== undefined), true);
  });

  test('plays the demo title', async () => {
    await playWhenReady(page);
    await waitForPlayback(page);
  });

  test('loads hls.js from beside the bundle', async () => {
    const scripts = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname),
    );
    assert.ok(
      scripts.some((path) => /^\/player\/v1\/hls-[\w-]+\.js$/.test(path)),
      scripts.join(', '),
    );
  });

  test('logs no console errors', () => {
    assert.deepEqual(errors, []);
  });
});

describe('iframe demo', () => {
  let page: Page;
  let errors: string[];

  before(async () => {
    page = await browser.newPage();
    errors = collectPageErrors(page);
    await page.goto(`${server.origin}/demo/iframe.html`);
  });

  after(() => page?.close());

  test('plays from the Play button', async () => {
    const frame = page.frameLocator('#player');
    await frame.locator('cnx-player').waitFor();
    const embed = page.frames().find((candidate) => candidate.url().includes('/embed/'))!;
    await embed.waitForFunction(() => (document.querySelector('cnx-player')?.readyState ?? 0) >= 1);
    await page.getByRole('button', { name: 'Play' }).click();
    await waitForPlayback(embed);
  });

  test('lists the play event', async () => {
    const events = page.getByRole('list', { name: 'Events from the frame' });
    await events.getByText('play', { exact: false }).first().waitFor({ timeout: 10_000 });
  });

  test('logs no console errors', () => {
    assert.deepEqual(errors, []);
  });
});

describe('React demo', () => {
  let page: Page;
  let errors: string[];

  before(async () => {
    page = await browser.newPage();
    errors = collectPageErrors(page);
    await page.goto(`${server.origin}/demo/spa/`);
  });

  after(() => page?.close());

  test('mounts the player on the watch route', async () => {
    await page.getByRole('link', { name: 'Watch the demo title' }).click();
    await page.locator('cnx-player').waitFor();
  });

  test('plays the demo title', async () => {
    await playWhenReady(page);
    await waitForPlayback(page);
  });

  test('reports cnx-ready through a JSX listener', async () => {
    const events = page.getByRole('list', { name: 'Player events' });
    await events.getByText('cnx-ready', { exact: false }).first().waitFor({ timeout: 10_000 });
  });

  test('unmounts the player on another route', async () => {
    await page.getByRole('link', { name: 'About' }).click();
    await page.getByRole('heading', { name: 'About' }).waitFor();
    assert.equal(await page.locator('cnx-player').count(), 0);
  });

  test('mounts it again on going back', async () => {
    await page.goBack();
    await playWhenReady(page);
    await waitForPlayback(page);
  });

  test('logs no console errors', () => {
    assert.deepEqual(errors, []);
  });
});
