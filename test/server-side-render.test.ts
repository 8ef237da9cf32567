// Importing the player on a server, as server-side rendering frameworks do.
// Run with: node --import tsx --test test/server-side-render.test.ts
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');

test('source module imports without a DOM', async () => {
  const module = await import('../src/player/index.ts');
  assert.equal(typeof module.CnxPlayer, 'function');
});

test('source module exports the error codes', async () => {
  const module = await import('../src/player/index.ts');
  assert.equal(module.PLAYER_ERRORS.network.fatal, true);
});

// The browser bundle contains lit's browser build, whose classes extend
// HTMLElement at import, so Node loads the build made for the `node` condition.
const nodeBundle = resolve(root, 'dist', 'node', 'cnx-player.js');

test('node bundle imports without a DOM', async () => {
  assert.ok(
    existsSync(nodeBundle),
    `${nodeBundle} is missing: build it with npx vite build -c vite.node.config.ts`,
  );
  const module = await import(pathToFileURL(nodeBundle).href);
  assert.equal(typeof module.CnxPlayer, 'function');
});
