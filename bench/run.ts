/**
 * `npm run bench`: runs every benchmark with its baseline in the same run
 * and writes docs/benchmarks.md. Flags: `--quick` for small sizes while
 * working on the harness (written to a temporary file unless `--output`
 * is given), `--only=embed,upload,conversion,player,bundle`, `--no-build`
 * to keep the current dist/player, `--output=PATH`.
 */
import { execFileSync } from 'node:child_process';
import { statfsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { bundleRows, bundleSizes } from './bundle.ts';
import { benchConversion, type ClipSpec } from './conversion.ts';
import { benchEmbed, PLAYBACK_LIMIT, type HttpOptions } from './http.ts';
import { loadAverages, machineLines } from './machine.ts';
import { CHROMIUM_ARGS, benchPlayer } from './player.ts';
import { figureRows, type Figure } from './stats.ts';
import { benchUpload } from './upload.ts';

const root = resolve(import.meta.dirname, '..');
const BENCHMARKS = ['embed', 'upload', 'conversion', 'player', 'bundle'] as const;

interface Settings {
  http: HttpOptions;
  uploadBytes: number;
  uploadRuns: number;
  conversion: ClipSpec;
  conversionRuns: number;
  playerClip: ClipSpec;
  resumeAt: number;
  playerRuns: number;
}

const FULL: Settings = {
  http: { runs: 5, durationSeconds: 8, connections: 50 },
  uploadBytes: 2e9,
  uploadRuns: 3,
  conversion: { width: 1920, height: 1080, seconds: 60 },
  conversionRuns: 3,
  playerClip: { width: 1280, height: 720, seconds: 30 },
  resumeAt: 20,
  playerRuns: 5,
};

const QUICK: Settings = {
  http: { runs: 3, durationSeconds: 2, connections: 50 },
  uploadBytes: 50e6,
  uploadRuns: 3,
  conversion: { width: 854, height: 480, seconds: 4 },
  conversionRuns: 3,
  playerClip: { width: 640, height: 360, seconds: 8 },
  resumeAt: 4,
  playerRuns: 3,
};

function flag(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

/** Shrinks the upload to a third of the free space of the temporary folder, if it does not fit. */
function fittingUploadBytes(requested: number): { bytes: number; note?: string } {
  const stats = statfsSync(tmpdir());
  const free = stats.bavail * stats.bsize;
  if (free >= requested * 3) return { bytes: requested };
  const bytes = Math.floor(free / 3 / 1e6) * 1e6;
  return {
    bytes,
    note: `The upload was shrunk from ${requested / 1e9} GB to ${bytes / 1e9} GB because ${tmpdir()} had ${(free / 1e9).toFixed(1)} GB free.`,
  };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const settings = quick ? QUICK : FULL;
  const only = flag('only')?.split(',') ?? [...BENCHMARKS];
  const output = resolve(
    flag('output') ??
      (quick ? join(tmpdir(), 'cnx-benchmarks.md') : join(root, 'docs', 'benchmarks.md')),
  );
  const unknown = only.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length)
    throw new Error(`unknown benchmark ${unknown.join(', ')}: use ${BENCHMARKS.join(', ')}`);

  if (!process.argv.includes('--no-build')) {
    console.log('building the player (vite build)');
    execFileSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
  }
  const loadAtStart = loadAverages();
  const started = new Date();
  const figures: Figure[] = [];
  const notes: string[] = [];
  let sizes: string[] = [];

  if (only.includes('embed')) {
    console.log('embed: autocannon against the API and the bare route');
    figures.push(...(await benchEmbed(settings.http)));
  }
  if (only.includes('upload')) {
    const { bytes, note } = fittingUploadBytes(settings.uploadBytes);
    if (note) notes.push(note);
    console.log(`upload: ${bytes / 1e6} MB, ${settings.uploadRuns} runs`);
    figures.push(...(await benchUpload(bytes, settings.uploadRuns, tmpdir())));
  }
  if (only.includes('conversion')) {
    console.log(
      `conversion: ${settings.conversion.seconds} s ${settings.conversion.height}p, ${settings.conversionRuns} runs`,
    );
    figures.push(...(await benchConversion(settings.conversion, settings.conversionRuns)));
  }
  if (only.includes('player')) {
    console.log('player: first frame in Chromium');
    figures.push(
      ...(await benchPlayer(settings.playerClip, settings.resumeAt, settings.playerRuns)),
    );
  }
  if (only.includes('bundle')) sizes = bundleRows(bundleSizes());

  const built = !process.argv.includes('--no-build');
  const page = renderPage({
    built,
    settings,
    quick,
    only,
    figures,
    sizes,
    notes,
    started,
    loadAtStart,
    loadAtEnd: loadAverages(),
  });
  await writeFile(output, page);
  console.log(`wrote ${relative(process.cwd(), output)}`);
  console.log(figureRows(figures).join('\n'));
}

interface PageInput {
  settings: Settings;
  quick: boolean;
  only: string[];
  figures: Figure[];
  sizes: string[];
  notes: string[];
  started: Date;
  loadAtStart: string;
  loadAtEnd: string;
  /** Whether this run built the player first. */
  built: boolean;
}

function renderPage(input: PageInput): string {
  const { settings } = input;
  const oneMinuteLoad = Number(input.loadAtStart.split(',')[0]);
  const shared =
    oneMinuteLoad >= 0.5
      ? `Numbers are from a shared ${cpus().length}-core machine: other work was running ` +
        `(load average ${input.loadAtStart} at the start), so they vary from run to run and ` +
        'the ratios, each taken within one run, are the figures to compare.'
      : 'The machine was otherwise idle at the start.';
  const flags = [
    input.quick ? '--quick' : '',
    input.built ? '' : '--no-build',
    input.only.length < BENCHMARKS.length ? `--only=${input.only.join(',')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench${flags ? ` -- ${flags}` : ''}\` (bench/run.ts) on ${input.started.toISOString().slice(0, 16).replace('T', ' ')} UTC. ` +
      'Rerun the command to update this page; edits by hand are overwritten.',
    '',
    '## Commands',
    '',
    '- `npm run bench`: builds the player with `vite build`, runs every benchmark and writes this page.',
    '- `npm run bench -- --no-build`: the same on the dist/player that is there.',
    '- `npm run bench -- --only=embed,upload,conversion,player,bundle`: a subset, by name.',
    '- `npm run bench -- --quick`: small sizes and short runs while working on the harness, written to a temporary file.',
    '',
    '## Machine',
    '',
    ...machineLines(),
    `- load average (1, 5, 15 min): ${input.loadAtStart} at the start, ${input.loadAtEnd} at the end`,
    '',
    shared,
    ...input.notes.flatMap((note) => ['', note]),
    '',
    '## Results',
    '',
    'Each figure is the median of its runs, and its baseline is measured in the same run, ' +
      'alternating with it. The ratio is figure ÷ baseline.',
    '',
    ...figureRows(input.figures),
    '',
  ];
  if (input.sizes.length) lines.push('## Bundle sizes', '', ...input.sizes, '');
  lines.push(
    '## Method',
    '',
    `- Embed: autocannon, ${settings.http.connections} connections, ${settings.http.durationSeconds} s a run, ` +
      `${settings.http.runs} runs after a 1 s warm-up of each server, against \`GET /v2/embed/{id}\` ` +
      'with the demo embed key (authentication, rate limiting, lookup, URL signing) on an upload ' +
      'stored without conversion. The baseline is bench/bare-server.ts, a Fastify app with one ' +
      'route returning constant JSON, with the same logger level. Each server is its own Node.js ' +
      `process on 127.0.0.1. The playback limit is raised to ${PLAYBACK_LIMIT.toLocaleString('en-US')} ` +
      'requests a minute (`CNX_PLAYBACK_RATE_LIMIT`), so the limiter counts every request but ' +
      'rejects none; a run with any non-2xx response fails.',
    `- Upload: one multipart \`POST /v2/me/uploads\` with a declared Content-Length, a file part of ` +
      'repeated random 64 KiB blocks streamed from a generator (no real clip in front), timed ' +
      'until the response. Probing rejects it with 422 once the whole body is on disk, and the ' +
      'server deletes it. Each run uses a fresh server, so its VmHWM (from /proc/PID/status) ' +
      'covers that upload alone; the memory baseline is a fresh server after one small request. ' +
      'The throughput baseline writes the same bytes with an fs write stream to the same file ' +
      'system and deletes them.',
    `- Conversion: a ${settings.conversion.seconds} s ${settings.conversion.width}x${settings.conversion.height} ` +
      '30 fps test pattern with a tone, generated by ffmpeg once and cached under the temporary ' +
      'folder, uploaded with `streamable=true`; the time runs from the 201 to status `ready`, ' +
      'polled every 100 ms, so it includes captions, poster, storyboard and the master playlist. ' +
      'The baseline runs ffmpeg once per rung, one after another, with the encoder settings of ' +
      'src/server/media/transcode.ts (libx264 veryfast, the ladder bitrates, 2 s keyframes, ' +
      'AAC 128 kbit/s, fMP4 HLS); the pipeline decodes once for all rungs. The real-time factor ' +
      'is clip seconds ÷ wall seconds.',
    `- Player: Chromium at /usr/bin/chromium through playwright-core, flags ${CHROMIUM_ARGS.join(' ')}, ` +
      'a new browser context (empty cache) per run. The time runs from appending the element to ' +
      'the first `requestVideoFrameCallback` of its inner `<video>` at or after the start ' +
      'position; it includes the embed request and loading the hls.js chunk. The baseline page, ' +
      'served from 127.0.0.1 with node_modules/hls.js/dist/hls.mjs already imported, creates a ' +
      '`<video>` and an hls.js instance on the same signed URL (`startPosition` for the start ' +
      `position). The clip is ${settings.playerClip.seconds} s at ${settings.playerClip.height}p, ` +
      `and the start position is ${settings.resumeAt} s (\`start-time\`).`,
    '- Bundle sizes: the files of dist/player after `vite build`, compressed with node:zlib ' +
      '(gzip level 9, brotli quality 11). Static imports are followed as test/size.test.ts ' +
      'follows them.',
    '',
    'Benchmarks are not timed tests: `npm test` does not run them.',
    '',
  );
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
