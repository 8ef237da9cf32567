import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runTool } from '../../src/server/media/run.ts';
import { binaries, makeClip, uploadForm } from '../support/fixtures.ts';
import { hlsDir, probeStreams, variantInput, variantsOf } from '../support/media.ts';
import { api, startServer, waitForUpload, type TestServer } from '../support/server.ts';

async function ffmpeg(args: string[]): Promise<void> {
  await runTool(binaries.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args], {
    timeoutMs: 120_000,
  });
}

/** Remuxes a clip with rotation metadata, as phones write portrait video. */
async function makeRotated(): Promise<string> {
  const clip = await makeClip({ width: 320, height: 240, seconds: 2 });
  const output = join(dirname(clip), 'rotated.mp4');
  await ffmpeg(['-i', clip, '-c', 'copy', '-metadata:s:v', 'rotate=90', output]);
  return output;
}

async function makeAudioOnly(): Promise<string> {
  const output = join(await mkdtemp(join(tmpdir(), 'cnx-fixture-')), 'tone.m4a');
  await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'aac', output]);
  return output;
}

// Frames 0-29 at 30 fps, 30-59 at 15 fps, then 30 fps again: a variable frame rate.
const VARIABLE_RATE = "setpts='if(lt(N,30),N/30,if(lt(N,60),1+(N-30)/15,3+(N-60)/30))/TB'";

interface Case {
  name: string;
  make: () => Promise<string>;
  /** Checks on the master playlist's variants and the first rung's video stream. */
  check?: (variants: Record<string, string>[], video: Record<string, any> | undefined) => void;
  video?: boolean;
}

const CASES: Case[] = [
  {
    name: 'rotation metadata',
    make: makeRotated,
    check(variants, video) {
      assert.equal(variants[0]!.RESOLUTION, '240x320');
      assert.equal(video!.width, 240);
      assert.equal(video!.height, 320);
      assert.equal(video!.side_data_list, undefined);
    },
  },
  {
    name: 'odd dimensions 321x241',
    make: () =>
      makeClip({
        width: 320,
        height: 240,
        seconds: 2,
        extension: 'mkv',
        outputArgs: ['-vf', 'scale=321:241', '-pix_fmt', 'yuv444p'],
      }),
    check(variants) {
      assert.equal(variants[0]!.RESOLUTION, '320x240');
    },
  },
  {
    name: 'variable frame rate',
    make: () =>
      makeClip({
        width: 320,
        height: 240,
        seconds: 3,
        audio: false,
        outputArgs: ['-vf', VARIABLE_RATE, '-fps_mode', 'passthrough'],
      }),
    check(variants) {
      assert.equal(variants[0]!['FRAME-RATE'], '30.000');
    },
  },
  {
    name: '10-bit HEVC',
    make: () =>
      makeClip({
        width: 320,
        height: 240,
        seconds: 2,
        // prettier-ignore
        outputArgs: ['-c:v', 'libx265', '-pix_fmt', 'yuv420p10le', '-x265-params', 'log-level=error', '-tag:v', 'hvc1'],
      }),
  },
  {
    name: '10-bit H.264',
    make: () =>
      makeClip({
        width: 320,
        height: 240,
        seconds: 2,
        outputArgs: ['-pix_fmt', 'yuv420p10le', '-profile:v', 'high10'],
      }),
  },
  {
    name: 'no audio track',
    make: () => makeClip({ width: 320, height: 240, seconds: 2, audio: false }),
    check(variants) {
      assert.doesNotMatch(variants[0]!.CODECS!, /mp4a/);
      assert.match(variants[0]!.CODECS!, /^avc1\./);
    },
  },
  {
    name: 'audio only',
    make: makeAudioOnly,
    video: false,
    check(variants) {
      assert.equal(variants.length, 1);
      assert.equal(variants[0]!.CODECS, 'mp4a.40.2');
      assert.equal(variants[0]!.RESOLUTION, undefined);
    },
  },
  {
    name: 'clip under one second',
    make: () => makeClip({ width: 320, height: 240, seconds: 0.5 }),
  },
  {
    name: 'WebM',
    make: () => makeClip({ width: 320, height: 240, seconds: 2, extension: 'webm' }),
  },
  { name: 'MOV', make: () => makeClip({ width: 320, height: 240, seconds: 2, extension: 'mov' }) },
  { name: 'MKV', make: () => makeClip({ width: 320, height: 240, seconds: 2, extension: 'mkv' }) },
];

/** Runs `work` on every item, at most `limit` at a time, and returns the results in order. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = [];
  let next = 0;
  const lanes = Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

describe('awkward inputs', () => {
  let server: TestServer;
  const ids = new Map<string, string>();

  before(async () => {
    server = await startServer({
      env: { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio', CNX_CONVERSION_CONCURRENCY: '2' },
    });
    const paths = await mapLimited(CASES, 2, (item) => item.make());
    for (const [i, item] of CASES.entries()) {
      const form = await uploadForm(paths[i]!, { title: item.name });
      const response = await api(server, '/me/uploads', { method: 'POST', body: form });
      const body = await response.json();
      assert.equal(response.status, 201, `${item.name}: ${JSON.stringify(body)}`);
      ids.set(item.name, body.id);
    }
    for (const id of ids.values()) await waitForUpload(server, id, 180_000);
  });
  after(() => server?.stop());

  for (const item of CASES) {
    test(`${item.name} converts to valid HLS`, async () => {
      const id = ids.get(item.name)!;
      const upload = await (await api(server, `/me/uploads/${id}`)).json();
      assert.equal(upload.status, 'ready', String(upload.error));

      const dir = hlsDir(server, id);
      const variants = variantsOf(await readFile(join(dir, 'master.m3u8'), 'utf8'));
      assert.ok(variants.length >= 1);
      let firstVideo: Record<string, any> | undefined;
      for (const variant of variants) {
        const variantDir = join(dir, dirname(variant.URI!));
        const playlist = await readFile(join(variantDir, 'index.m3u8'), 'utf8');
        const target = Number(/#EXT-X-TARGETDURATION:(\d+)/.exec(playlist)![1]);
        const longest = Math.max(
          ...[...playlist.matchAll(/#EXTINF:([\d.]+)/g)].map((match) => Number(match[1])),
        );
        assert.ok(target >= 1, `TARGETDURATION ${target}`);
        assert.ok(target >= Math.round(longest), `TARGETDURATION ${target} < EXTINF ${longest}`);

        const streams = await probeStreams(await variantInput(variantDir));
        const video = streams.find((stream) => stream.codec_type === 'video');
        if (item.video === false) {
          assert.equal(video, undefined);
          continue;
        }
        assert.equal(video?.codec_name, 'h264', variant.URI);
        assert.equal(video?.pix_fmt, 'yuv420p', variant.URI);
        assert.equal(video!.width! % 2, 0);
        assert.equal(video!.height! % 2, 0);
        firstVideo ??= video as Record<string, any>;
      }
      item.check?.(variants, firstVideo);
    });
  }
});
