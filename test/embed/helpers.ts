/** Helpers of the embed tests: keys of the demo account, a parent page server, Chromium. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cli, type TestServer } from '../support/server.ts';

/** Creates an embed key on the demo account, which owns the demo title, and returns it. */
export async function demoEmbedKey(server: TestServer, origins: string[]): Promise<string> {
  const accounts = (await cli(server, ['accounts', 'list']))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; name: string });
  const demo = accounts.find((account) => account.name === 'Demo');
  if (!demo) throw new Error('the demo account is missing from "cnx accounts list"');
  const args = ['keys', 'create', '--account', demo.id, '--kind', 'embed'];
  const output = await cli(server, [...args, ...origins.flatMap((origin) => ['--origin', origin])]);
  return (JSON.parse(output.split('\n')[0]!) as { key: string }).key;
}

/** A local HTTP server on 127.0.0.1 that serves fixed pages, as a site embedding the player. */
export interface PageServer {
  /** Origin of the server, e.g. `http://127.0.0.1:40123`. */
  origin: string;
  close(): Promise<void>;
}

/** Starts a server that serves each path of `pages` as HTML, or as JavaScript for `.js`. */
export async function startPageServer(pages: Record<string, string>): Promise<PageServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    const body = pages[path];
    // Browsers ask for a favicon on their own; a 404 would log a console error.
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    const type = path.endsWith('.js') ? 'text/javascript' : 'text/html';
    response.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** Launches Debian's Chromium with the flags that the tests need. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** Collects console errors and uncaught exceptions of `page` and of its frames. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    errors.push(`console: ${message.text()} at ${message.location().url}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}
