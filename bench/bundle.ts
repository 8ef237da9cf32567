/**
 * Sizes of the built player: what loads before hls.js (the entry and its
 * static imports, followed as test/size.test.ts follows them) and
 * everything it can load, gzip and brotli compressed with node:zlib.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = resolve(import.meta.dirname, '..', 'dist', 'player');

/** Returns the chunks that `entry` reaches through imports, static only or dynamic too. */
function closure(entry: string, dynamic: boolean): string[] {
  const seen = new Set<string>();
  const staticImport =
    /(?:^|[;\s])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+)["']/g;
  // Minifiers may quote a dynamic import's path with backticks.
  const dynamicImport = /import\(\s*["'`]\.\/([^"'`]+)["'`]\s*\)/g;
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const code = readFileSync(join(dist, name), 'utf8');
    for (const match of code.matchAll(staticImport)) visit(match[1]!);
    if (dynamic) for (const match of code.matchAll(dynamicImport)) visit(match[1]!);
  };
  visit(entry);
  return [...seen];
}

export interface BundleSize {
  name: string;
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
}

function measure(name: string, files: string[]): BundleSize {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of files) {
    const content = readFileSync(join(dist, file));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
    brotli += brotliCompressSync(content, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
    }).length;
  }
  return { name, files, raw, gzip, brotli };
}

/** Measures the bundle before hls.js and with it. */
export function bundleSizes(): BundleSize[] {
  const before = closure('cnx-player.js', false);
  const all = closure('cnx-player.js', true);
  const onDisk = readdirSync(dist).filter((name) => name.endsWith('.js'));
  const missed = onDisk.filter((name) => !all.includes(name));
  return [
    measure('before hls.js: cnx-player.js and its static imports', before),
    measure('with hls.js: every chunk the element can load', all),
    ...(missed.length ? [measure('other .js files in dist/player', missed)] : []),
  ];
}

/** Returns the Markdown rows of the size table. */
export function bundleRows(sizes: BundleSize[]): string[] {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  return [
    '| bundle | files | minified | gzip -9 | brotli 11 |',
    '| --- | --- | ---: | ---: | ---: |',
    ...sizes.map(
      (size) =>
        `| ${size.name} | ${size.files.join(', ')} | ${kib(size.raw)} | ${kib(size.gzip)} | ${kib(size.brotli)} |`,
    ),
  ];
}
