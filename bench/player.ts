/**
 * Time from attaching `<cnx-player>` to its first rendered frame, against
 * a bare page with hls.js and a `<video>` on the same stream in the same
 * Chromium. Both are measured from the start and at a start position.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { uploadForm } from '../test/support/fixtures.ts';
import { api, startServer, waitForUpload } from '../test/support/server.ts';
import { cachedClip, type ClipSpec } from './conversion.ts';
import { CHROMIUM_PATH } from './machine.ts';
import type { Figure } from './stats.ts';

const root = resolve(import.meta.dirname, '..');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--autoplay-policy=no-user-gesture-required',
];

const PAGES: Record<string, string> = {
  '/cnx.html':
    '<!doctype html><meta charset="utf-8"><title>cnx</title>' +
    '<script type="module" src="/dist/cnx-player.js"></script><body></body>',
  '/bare.html':
    '<!doctype html><meta charset="utf-8"><title>bare</title>' +
    '<script type="module">import Hls from "/hls.mjs"; window.Hls = Hls;</script><body></body>',
};

/** Serves the two pages, the built player and hls.js on 127.0.0.1. */
async function startPageServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    const page = PAGES[path];
    if (page) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    const file =
      path === '/hls.mjs'
        ? join(root, 'node_modules', 'hls.js', 'dist', 'hls.mjs')
        : path.startsWith('/dist/') && !path.includes('..')
          ? join(root, 'dist', 'player', path.slice('/dist/'.length))
          : undefined;
    if (!file || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const type = extname(file) === '.map' ? 'application/json' : 'text/javascript';
    response.writeHead(200, { 'content-type': type });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  return {
    server,
    origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
  };
}

interface Target {
  apiBase: string;
  key: string;
  id: string;
  hlsUrl: string;
  start: number;
}

/**
 * Browser code that resolves once `video` shows a frame at or after `start`.
 * Page scripts are strings, because tsx would add helpers to compiled
 * functions that do not exist in the page.
 */
const WAIT_FOR_FRAME = `
  (video, start) => new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error('no frame within 30 s')), 30000);
    const onFrame = () => {
      if (video.currentTime >= start - 0.5) {
        clearTimeout(timer);
        done();
      } else video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  })`;

/** Browser code: appends `<cnx-player>` and returns the milliseconds to its first frame. */
const CNX_FIRST_FRAME = `
  async ({ apiBase, key, id, start }) => {
    const waitForFrame = ${WAIT_FOR_FRAME};
    await customElements.whenDefined('cnx-player');
    const element = document.createElement('cnx-player');
    element.setAttribute('api-base', apiBase);
    element.setAttribute('api-key', key);
    element.setAttribute('media-id', id);
    element.setAttribute('autoplay', 'muted');
    element.setAttribute('muted', '');
    element.setAttribute('resume', 'off');
    if (start > 0) element.setAttribute('start-time', String(start));
    const started = performance.now();
    document.body.append(element);
    const video = await new Promise((found) => {
      const poll = () => {
        const inner = element.shadowRoot && element.shadowRoot.querySelector('video');
        if (inner) found(inner);
        else requestAnimationFrame(poll);
      };
      poll();
    });
    await waitForFrame(video, start);
    return performance.now() - started;
  }`;

/** Browser code: plays the signed URL in a bare `<video>` with hls.js and returns the milliseconds to its first frame. */
const BARE_FIRST_FRAME = `
  async ({ hlsUrl, start }) => {
    const waitForFrame = ${WAIT_FOR_FRAME};
    const started = performance.now();
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    document.body.append(video);
    const hls = new window.Hls({ startPosition: start > 0 ? start : -1 });
    hls.loadSource(hlsUrl);
    hls.attachMedia(video);
    await waitForFrame(video, start);
    return performance.now() - started;
  }`;

/** Opens `url` in a new context (empty cache), waits for `ready` and runs `script` on `target`. */
async function firstFrame(
  browser: Browser,
  url: string,
  ready: string,
  script: string,
  target: Target,
): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(ready);
    return (await page.evaluate(`(${script})(${JSON.stringify(target)})`)) as number;
  } finally {
    await context.close();
  }
}

/** Measures `runs` first frames of each page, from 0 and from `resumeAt` seconds. */
export async function benchPlayer(
  spec: ClipSpec,
  resumeAt: number,
  runs: number,
): Promise<Figure[]> {
  if (!existsSync(join(root, 'dist', 'player', 'cnx-player.js'))) {
    throw new Error('dist/player/cnx-player.js is missing: run "npm run build" first.');
  }
  const server = await startServer({ env: { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio' } });
  const pages = await startPageServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const clip = await cachedClip(spec);
    const response = await api(server, '/me/uploads', {
      method: 'POST',
      body: await uploadForm(clip, { streamable: 'true' }),
    });
    const { id } = (await response.json()) as { id: string };
    const upload = await waitForUpload(server, id, 600_000);
    if (upload.status !== 'ready') throw new Error(`the player's clip ended as ${upload.status}`);
    const embed = (await (await api(server, `/embed/${id}`)).json()) as { hls_url: string };
    const figures: Figure[] = [];
    for (const start of [0, resumeAt]) {
      const target = {
        apiBase: server.apiBase,
        key: server.keys.embed,
        id,
        hlsUrl: embed.hls_url,
        start,
      };
      const cnx: number[] = [];
      const bare: number[] = [];
      for (let run = 0; run < runs; run++) {
        const cnxPage = `${pages.origin}/cnx.html`;
        const barePage = `${pages.origin}/bare.html`;
        cnx.push(await firstFrame(browser, cnxPage, 'true', CNX_FIRST_FRAME, target));
        bare.push(await firstFrame(browser, barePage, "'Hls' in window", BARE_FIRST_FRAME, target));
      }
      figures.push({
        name:
          start > 0
            ? `\`<cnx-player>\` first frame at start-time ${start} s`
            : '`<cnx-player>` first frame',
        unit: 'ms',
        runs: cnx,
        baselineName: 'bare hls.js page',
        baselineRuns: bare,
      });
    }
    return figures;
  } finally {
    await browser.close();
    pages.server.close();
    await server.stop();
  }
}
