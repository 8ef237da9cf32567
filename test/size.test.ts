import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

/** Budget of the element and everything it loads before hls.js, minified and gzipped. */
const BUDGET_BYTES = 25 * 1024;
const dist = resolve(import.meta.dirname, '..', 'dist', 'player');

/** Returns the entry and the chunks it imports statically, following static imports only. */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const code = readFileSync(join(dist, name), 'utf8');
    // Static imports and re-exports; `import(` calls are dynamic and load later.
    for (const match of code.matchAll(
      /(?:^|[;\s])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+)["']/g,
    )) {
      visit(match[1]!);
    }
  };
  visit(entry);
  return [...seen];
}

test('player bundle stays within its size budget', () => {
  const files = staticClosure('cnx-player.js');
  const gzipped = files.reduce(
    (sum, name) => sum + gzipSync(readFileSync(join(dist, name))).length,
    0,
  );
  assert.ok(
    gzipped <= BUDGET_BYTES,
    `${files.join(', ')} are ${gzipped} bytes gzipped, over the budget of ${BUDGET_BYTES}`,
  );
});

test('hls.js is a separate chunk loaded later', () => {
  const before = staticClosure('cnx-player.js');
  const chunks = readdirSync(dist).filter((name) => name.endsWith('.js'));
  const hls = chunks.filter((name) =>
    readFileSync(join(dist, name), 'utf8').includes('hlsManifestParsed'),
  );
  assert.ok(hls.length > 0, `no chunk containing hls.js among ${chunks.join(', ')}`);
  for (const name of hls)
    assert.ok(!before.includes(name), `${name} is loaded before it is needed`);
});
