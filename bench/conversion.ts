/**
 * Conversion of a generated clip to the full ladder through the real
 * server (upload, then poll until ready), against one plain ffmpeg run per
 * rung with the encoder settings of src/server/media/transcode.ts.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ladderFor, type Rung } from '../src/server/media/ladder.ts';
import { probe } from '../src/server/media/probe.ts';
import { runTool } from '../src/server/media/run.ts';
import {
  audioCodecArgs,
  hlsArgs,
  outputFrameRate,
  rateControlArgs,
  x264Args,
} from '../src/server/media/transcode.ts';
import { binaries, makeClip, uploadForm } from '../test/support/fixtures.ts';
import { api, startServer, type TestServer } from '../test/support/server.ts';
import type { Figure } from './stats.ts';

export interface ClipSpec {
  width: number;
  height: number;
  seconds: number;
}

/** Returns the clip of `spec`, generated once and kept under the system's temporary folder. */
export async function cachedClip(spec: ClipSpec): Promise<string> {
  const dir = join(tmpdir(), 'cnx-bench-cache');
  const path = join(dir, `clip-${spec.width}x${spec.height}-${spec.seconds}s.mp4`);
  if (existsSync(path)) return path;
  await mkdir(dir, { recursive: true });
  const generated = await makeClip({ ...spec, audio: true });
  // The fixture folder is under the same temporary folder, so this is a rename on one file system.
  await rename(generated, path);
  return path;
}

/** Polls the upload every 100 ms until it leaves `processing`. */
async function waitReady(server: TestServer, id: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = (await (await api(server, `/me/uploads/${id}`)).json()) as {
      status: string;
      error?: string;
    };
    if (body.status === 'ready') return;
    if (body.status !== 'processing')
      throw new Error(`conversion of ${id} ${body.status}: ${body.error}`);
    if (Date.now() > deadline)
      throw new Error(`conversion of ${id} still running after ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Uploads the clip and returns the seconds from the upload's 201 to status ready. */
async function pipelineRun(server: TestServer, clip: string, timeoutMs: number): Promise<number> {
  const form = await uploadForm(clip, { streamable: 'true', title: 'bench' });
  const response = await api(server, '/me/uploads', { method: 'POST', body: form });
  if (response.status !== 201)
    throw new Error(`upload failed with ${response.status}: ${await response.text()}`);
  const { id } = (await response.json()) as { id: string };
  const started = process.hrtime.bigint();
  await waitReady(server, id, timeoutMs);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await api(server, `/me/uploads/${id}`, { method: 'DELETE' });
  return seconds;
}

/** Builds the ffmpeg arguments of one rung alone, with the settings that transcode.ts gives each rung. */
function rungArgs(
  clip: string,
  rung: Rung,
  rate: { rational: string; value: number },
  outputDir: string,
) {
  return [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'error',
    '-y',
    '-i',
    clip,
    '-vf',
    `fps=${rate.rational},format=yuv420p,scale=${rung.width}:${rung.height}:flags=bicubic,setsar=1`,
    '-map',
    '0:v:0',
    '-map',
    '0:a:0',
    ...x264Args(rate.value),
    ...rateControlArgs(rung),
    ...audioCodecArgs(),
    ...hlsArgs(join(outputDir, 'seg_%03d.m4s')),
    join(outputDir, 'index.m3u8'),
  ];
}

/** Runs ffmpeg once per rung, one after another, and returns the total seconds. */
async function plainRun(clip: string): Promise<number> {
  const info = await probe(binaries.ffprobe, clip);
  const video = info.video!;
  const rate = outputFrameRate(video);
  const dir = await mkdtemp(join(tmpdir(), 'cnx-bench-ffmpeg-'));
  try {
    const started = process.hrtime.bigint();
    for (const [index, rung] of ladderFor(video.width, video.height).entries()) {
      const outputDir = join(dir, `v${index}`);
      await mkdir(outputDir);
      await runTool(binaries.ffmpeg, rungArgs(clip, rung, rate, outputDir), {
        timeoutMs: 3_600_000,
      });
    }
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Measures `runs` conversions of the clip of `spec` through each path. */
export async function benchConversion(spec: ClipSpec, runs: number): Promise<Figure[]> {
  const clip = await cachedClip(spec);
  const server = await startServer({ env: { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio' } });
  const pipeline: number[] = [];
  const plain: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      pipeline.push(await pipelineRun(server, clip, 3_600_000));
      plain.push(await plainRun(clip));
    }
  } finally {
    await server.stop();
  }
  const rungs = ladderFor(spec.width, spec.height)
    .map((rung) => rung.quality)
    .join(', ');
  const clipName = `${spec.seconds} s ${spec.height}p clip to ${rungs}`;
  return [
    {
      name: `conversion of a ${clipName}, wall time`,
      unit: 's',
      runs: pipeline,
      baselineName: 'plain ffmpeg, one run per rung',
      baselineRuns: plain,
    },
    {
      name: `conversion of a ${clipName}, real-time factor`,
      unit: '×',
      runs: pipeline.map((seconds) => spec.seconds / seconds),
      baselineName: 'plain ffmpeg, one run per rung',
      baselineRuns: plain.map((seconds) => spec.seconds / seconds),
    },
  ];
}
