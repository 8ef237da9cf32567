/**
 * The embed page in an iframe, driven by the `player.js` npm package from a
 * parent page on another origin, in Chromium against the real server.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { demoTitleId, startServer, waitForUpload, type TestServer } from '../support/server.ts';
import {
  collectPageErrors,
  demoEmbedKey,
  launchChromium,
  startPageServer,
  type PageServer,
} from './helpers.ts';

const root = resolve(import.meta.dirname, '..', '..');

let server: TestServer;
let site: PageServer;
let browser: Browser;
let page: Page;
let errors: string[];
let mediaId: string;

/** Returns a parent page with one iframe driven by player.js, whose `window.ready` resolves on `ready`. */
function parentPage(frameSrc: string): string {
  return `<!doctype html>
<html><head><script src="/player.js"></script></head>
<body>
  <iframe id="frame" src="${frameSrc}" width="640" height="360" allow="autoplay"></iframe>
  <script>
    window.player = new playerjs.Player('frame');
    window.received = [];
    window.ready = new Promise((done) => player.on('ready', () => done(true)));
    /** Resolves with the first value of event name after subscribing. */
    window.nextEvent = (name) => new Promise((done) => {
      const listener = (value) => { player.off(name, listener); done(value ?? true); };
      player.on(name, listener);
    });
    /** Resolves with the value that a getter returns. */
    window.get = (method) => new Promise((done) => player[method](done));
  </script>
</body></html>`;
}

/** Runs `script` in the parent page, which defines `player`, `ready`, `nextEvent` and `get`. */
function inParent<T>(script: string): Promise<T> {
  return page.evaluate(script) as Promise<T>;
}

before(async () => {
  server = await startServer({ env: { CNX_DEMO_PLAN: 'studio' } });
  mediaId = await demoTitleId(server);
  await waitForUpload(server, mediaId, 120_000);
  const restrictedKey = await demoEmbedKey(server, ['https://site.example']);
  const embed = `${server.origin}/embed/${mediaId}?key=${server.keys.embed}`;
  // localhost and 127.0.0.1 are different origins, so the sibling frame is a third origin.
  const playerJs = await readFile(
    resolve(root, 'node_modules/player.js/dist/player-0.1.0.js'),
    'utf8',
  );
  site = await startPageServer({
    '/player.js': playerJs,
    '/parent.html': parentPage(`${embed}&muted=1`),
    '/wrong-origin.html': parentPage(`${embed}&origin=https://other.example`),
    '/restricted.html': parentPage(`${server.origin}/embed/${mediaId}?key=${restrictedKey}`),
    '/sibling.html': `<script>
      parent.frames[0].postMessage(JSON.stringify({context: 'player.js', version: '0.0.11', method: 'play'}), '*');
    </script>`,
  });
  browser = await launchChromium();
  page = await browser.newPage();
  errors = collectPageErrors(page);
  await page.goto(`${site.origin}/parent.html`);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await server?.stop();
});

describe('player.js bridge', () => {
  test('sends ready to the parent', async () => {
    assert.equal(await inParent('ready'), true);
  });

  test('plays on the play command', async () => {
    const played = inParent('nextEvent("play")');
    await inParent('player.play()');
    assert.equal(await played, true);
  });

  test('returns getPaused while playing', async () => {
    assert.equal(await inParent('get("getPaused")'), false);
  });

  test('reports timeupdate with seconds and duration', async () => {
    const value = await inParent<{ seconds: number; duration: number }>('nextEvent("timeupdate")');
    assert.ok(value.seconds > 0, `seconds ${value.seconds}`);
    assert.ok(Math.abs(value.duration - 10) < 0.5, `duration ${value.duration}`);
  });

  test('returns getDuration in seconds', async () => {
    const duration = await inParent<number>('get("getDuration")');
    assert.ok(Math.abs(duration - 10) < 0.5, `duration ${duration}`);
  });

  test('pauses on the pause command', async () => {
    const paused = inParent('nextEvent("pause")');
    await inParent('player.pause()');
    assert.equal(await paused, true);
  });

  test('seeks on setCurrentTime', async () => {
    const seeked = inParent('nextEvent("seeked")');
    await inParent('player.setCurrentTime(6)');
    await seeked;
    const position = await inParent<number>('get("getCurrentTime")');
    assert.ok(Math.abs(position - 6) < 0.5, `position ${position}`);
  });

  test('sets the volume in percent', async () => {
    await inParent('player.setVolume(40)');
    assert.equal(await inParent('get("getVolume")'), 40);
  });

  test('unmutes on the unmute command', async () => {
    await inParent('player.unmute()');
    assert.equal(await inParent('get("getMuted")'), false);
  });

  test('mutes on the mute command', async () => {
    await inParent('player.mute()');
    assert.equal(await inParent('get("getMuted")'), true);
  });

  test('sets loop on setLoop', async () => {
    await inParent('player.setLoop(true)');
    assert.equal(await inParent('get("getLoop")'), true);
  });

  test('ignores commands from other windows', async () => {
    const sibling = site.origin.replace('127.0.0.1', 'localhost');
    await inParent(`new Promise((done) => {
      const frame = document.createElement('iframe');
      frame.src = '${sibling}/sibling.html';
      frame.onload = done;
      document.body.append(frame);
    })`);
    await new Promise((done) => setTimeout(done, 1000));
    assert.equal(await inParent('get("getPaused")'), true);
  });

  test('logs no console errors', () => {
    assert.deepEqual(errors, []);
  });
});

describe('origin checks', () => {
  test('ignores a parent of another origin', async () => {
    const other = await browser.newPage();
    await other.goto(`${site.origin}/wrong-origin.html`);
    const ready = await other.evaluate(
      'Promise.race([ready, new Promise((done) => setTimeout(() => done(false), 3000))])',
    );
    await other.close();
    assert.equal(ready, false);
  });

  test('refuses framing by an origin off the key', async () => {
    const other = await browser.newPage();
    await other.goto(`${site.origin}/restricted.html`);
    await new Promise((done) => setTimeout(done, 1000));
    const framed = other.frames().some((frame) => frame.url().startsWith(server.origin));
    const players = await Promise.all(
      other.frames().map((frame) =>
        frame
          .locator('cnx-player')
          .count()
          .catch(() => 0),
      ),
    );
    await other.close();
    assert.equal(
      players.reduce((sum, count) => sum + count, 0),
      0,
      `framed: ${framed}`,
    );
  });
});
