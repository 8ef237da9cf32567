/**
 * The npm package as users get it: `npm pack` (which runs the builds in
 * prepack), then an install of the tarball into a temporary app that
 * imports the package on Node and type-checks code that uses it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** Packages of the server that must never reach an app that installs the player. */
const SERVER_PACKAGES = [
  'fastify',
  'better-sqlite3',
  'busboy',
  '@ffmpeg-installer/ffmpeg',
  '@ffprobe-installer/ffprobe',
];

let folder: string;
let app: string;
let packed: string[];
let manifest: { dependencies?: Record<string, string> };

const USES_ELEMENT = `import { CNX_EVENTS } from '@cloudnextra/player';

const player = document.createElement('cnx-player');
player.mediaId = 'abc123';
const duration: number = player.duration;
player.addEventListener(CNX_EVENTS.ready, (event) => console.log(event.detail.qualities, duration));
`;

const USES_JSX = `import type {} from '@cloudnextra/player/react';

export function Video() {
  return (
    <cnx-player
      media-id="abc123"
      api-key="cnx_embed_x"
      autoplay="muted"
      oncnx-error={(event) => console.log(event.detail.code)}
    />
  );
}

export function WrongAutoplay() {
  // @ts-expect-error autoplay takes a boolean or "muted", so a number does not type-check.
  return <cnx-player media-id="abc123" autoplay={42} />;
}
`;

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cnx-pack-'));
  await run('npm', ['pack', '--pack-destination', folder], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const tarball = (await readdir(folder)).find((name) => name.endsWith('.tgz'));
  assert.ok(tarball, `npm pack wrote no tarball into ${folder}`);
  const { stdout } = await run('tar', ['-tzf', join(folder, tarball)]);
  packed = stdout.split('\n').filter(Boolean);

  app = join(folder, 'app');
  await mkdir(app);
  await writeFile(
    join(app, 'package.json'),
    JSON.stringify({ name: 'app', private: true, type: 'module' }),
  );
  const reactTypes = JSON.parse(
    await readFile(join(root, 'node_modules', '@types', 'react', 'package.json'), 'utf8'),
  ) as { version: string };
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      join(folder, tarball),
      `@types/react@${reactTypes.version}`,
    ],
    { cwd: app, maxBuffer: 64 * 1024 * 1024 },
  );
  manifest = JSON.parse(
    await readFile(join(app, 'node_modules', '@cloudnextra', 'player', 'package.json'), 'utf8'),
  );
});

after(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('npm package', () => {
  for (const file of [
    'package/dist/player/cnx-player.js',
    'package/dist/node/cnx-player.js',
    'package/dist/types/player/index.d.ts',
    'package/dist/types/react/index.d.ts',
    'package/dist/custom-elements.json',
  ]) {
    test(`contains ${file.slice('package/'.length)}`, () => {
      assert.ok(packed.includes(file), `${file} is missing from ${packed.join(', ')}`);
    });
  }

  test('contains the hls.js chunk', () => {
    assert.ok(packed.some((file) => /^package\/dist\/player\/hls-[\w-]+\.js$/.test(file)));
  });

  test('leaves out every source file', () => {
    assert.deepEqual(
      packed.filter((file) => file.startsWith('package/src/')),
      [],
    );
  });

  test('depends on lit, hls.js, idb-keyval', () => {
    assert.deepEqual(Object.keys(manifest.dependencies ?? {}).sort(), [
      'hls.js',
      'idb-keyval',
      'lit',
    ]);
  });

  for (const name of SERVER_PACKAGES) {
    test(`installs without ${name}`, () => {
      assert.equal(existsSync(join(app, 'node_modules', name)), false);
    });
  }

  test('imports on Node without throwing', async () => {
    const script =
      "const m = await import('@cloudnextra/player'); console.log(typeof m.CnxPlayer);";
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: app,
    });
    assert.equal(stdout.trim(), 'function');
  });

  test('type-checks createElement and JSX', async () => {
    await writeFile(join(app, 'element.ts'), USES_ELEMENT);
    await writeFile(join(app, 'video.tsx'), USES_JSX);
    const config = {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023', 'DOM'],
        jsx: 'react-jsx',
        strict: true,
        noEmit: true,
        types: [],
      },
      files: ['element.ts', 'video.tsx'],
    };
    await writeFile(join(app, 'tsconfig.json'), JSON.stringify(config));
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    assert.equal(result, '');
  });

  test('lists cnx-player in the manifest', async () => {
    const declaration = await manifestDeclaration();
    assert.equal(declaration?.tagName, 'cnx-player');
  });

  test('lists the attributes in the manifest', async () => {
    const declaration = await manifestDeclaration();
    const names = (declaration?.attributes ?? []).map((attribute) => attribute.name);
    for (const name of ['media-id', 'api-key', 'api-base', 'autoplay', 'start-time', 'captions']) {
      assert.ok(names.includes(name), `${name} is missing from ${names.join(', ')}`);
    }
  });
});

interface ManifestDeclaration {
  tagName?: string;
  attributes?: { name: string }[];
}

/** Returns the manifest's declaration of `<cnx-player>`, read from the installed package. */
async function manifestDeclaration(): Promise<ManifestDeclaration | undefined> {
  const installed = join(app, 'node_modules', '@cloudnextra', 'player');
  const pointer = (
    JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as {
      customElements: string;
    }
  ).customElements;
  const elements = JSON.parse(await readFile(join(installed, pointer), 'utf8')) as {
    modules: { declarations?: ManifestDeclaration[] }[];
  };
  return elements.modules
    .flatMap((module) => module.declarations ?? [])
    .find((declaration) => declaration.tagName === 'cnx-player');
}
