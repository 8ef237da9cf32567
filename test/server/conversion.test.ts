import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { binaries, makeClip, uploadForm } from '../support/fixtures.ts';
import {
  cueMediaTime,
  hlsDir,
  packetTimes,
  parseVtt,
  probeStreams,
  segmentsOf,
  variantInput,
  variantsOf,
} from '../support/media.ts';
import { api, startServer, waitForUpload, type TestServer } from '../support/server.ts';
import { runTool } from '../../src/server/media/run.ts';

const ENGLISH_VTT = [
  'WEBVTT',
  '',
  '00:00:00.500 --> 00:00:01.200',
  'First English cue',
  '',
  '00:00:02.250 --> 00:00:03.000',
  'Second English cue',
  '',
].join('\n');
const FRENCH_SRT = [
  '1',
  '00:00:01,000 --> 00:00:01,800',
  'Premier',
  '',
  '2',
  '00:00:03,100 --> 00:00:03,900',
  'Second',
  '',
].join('\n');
/** Source cue start times of the sidecar files above. */
const SIDECAR_STARTS: Record<string, number[]> = { en: [0.5, 2.25], fr: [1.0, 3.1] };

/** Generates an MKV with an SRT subtitle stream in Spanish muxed in, tagged `spa` as MKV files usually are. */
async function makeMkvWithSubtitles(): Promise<string> {
  const clip = await makeClip({ width: 320, height: 240, seconds: 4, rate: 10, extension: 'mkv' });
  const srt = join(dirname(clip), 'es.srt');
  await writeFile(
    srt,
    '1\n00:00:01,300 --> 00:00:02,000\nHola\n\n2\n00:00:02,700 --> 00:00:03,500\nAdiós\n',
  );
  const output = join(dirname(clip), 'subtitled.mkv');
  // prettier-ignore
  await runTool(binaries.ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-y', '-i', clip, '-i', srt,
    '-map', '0', '-map', '1', '-c', 'copy', '-c:s', 'srt', '-metadata:s:s:0', 'language=spa',
    output,
  ], { timeoutMs: 60_000 });
  return output;
}

async function post(server: TestServer, form: FormData): Promise<string> {
  const response = await api(server, '/me/uploads', { method: 'POST', body: form });
  const body = await response.json();
  assert.equal(response.status, 201, JSON.stringify(body));
  return body.id;
}

/**
 * Asserts the cue-time rule: a cue at source time t must play with the
 * frame that the source shows at t, which the segments show at t plus the
 * segments' start offset.
 */
async function assertCuesAtSourceTimes(
  server: TestServer,
  id: string,
  language: string,
  sourceStarts: number[],
) {
  const dir = hlsDir(server, id);
  const [video] = await probeStreams(await variantInput(join(dir, 'v0'), true));
  const offset = Number(video!.start_time);
  const vtt = parseVtt(await readFile(join(dir, 'subs', `${language}.vtt`), 'utf8'));
  assert.equal(vtt.cues.length, sourceStarts.length, `${language} cue count`);
  vtt.cues.forEach((cue, i) => {
    const expected = sourceStarts[i]! + offset;
    const actual = cueMediaTime(vtt, cue.start);
    assert.ok(
      Math.abs(actual - expected) <= 0.1,
      `${language} cue ${i} plays at ${actual.toFixed(3)} s, the source frame at ${expected.toFixed(3)} s`,
    );
  });
}

describe('conversion', () => {
  let server: TestServer;
  let ladderId: string;
  let captionedId: string;
  let mkvId: string;
  let mkvPath: string;
  const progressSeen: number[] = [];

  before(async () => {
    server = await startServer({
      env: { CNX_DEMO_TITLE: 'false', CNX_DEMO_PLAN: 'studio', CNX_CONVERSION_CONCURRENCY: '1' },
    });
    const [ladderClip, captionedClip] = await Promise.all([
      makeClip({ width: 960, height: 540, seconds: 4 }),
      // At 10 fps the encoder's two reordered frames delay the segments by 0.2 s, which
      // shows cues 0.2 s early unless the WebVTT files carry a timestamp map.
      makeClip({ width: 640, height: 360, seconds: 4, rate: 10 }),
    ]);
    mkvPath = await makeMkvWithSubtitles();
    ladderId = await post(server, await uploadForm(ladderClip, { title: 'Ladder' }));
    const form = await uploadForm(captionedClip, { title: 'Captioned' }, { en: ENGLISH_VTT });
    form.set('captions[fr]', new Blob([FRENCH_SRT]), 'fr.srt');
    captionedId = await post(server, form);
    mkvId = await post(server, await uploadForm(mkvPath, { title: 'Subtitled MKV' }));

    for (;;) {
      const body = await (await api(server, `/me/uploads/${ladderId}`)).json();
      progressSeen.push(body.progress);
      if (body.status !== 'processing') break;
      await new Promise((done) => setTimeout(done, 300));
    }
    for (const id of [ladderId, captionedId, mkvId]) {
      const upload = await waitForUpload(server, id, 120_000);
      assert.equal(upload.status, 'ready', `${id}: ${upload.error}`);
    }
  });
  after(() => server?.stop());

  test('progress rises to 100', () => {
    const sorted = [...progressSeen].sort((a, b) => a - b);
    assert.deepEqual(progressSeen, sorted);
    assert.ok(progressSeen.every((value) => value >= 0 && value <= 100));
    assert.equal(progressSeen.at(-1), 100);
  });

  test('queue runs one conversion at a time', () => {
    const events = server.logs
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; upload?: string })
      .filter((entry) => entry.msg === 'conversion started' || entry.msg === 'conversion finished');
    let running = 0;
    for (const event of events) {
      running += event.msg === 'conversion started' ? 1 : -1;
      assert.ok(running <= 1, `${running} conversions ran at once`);
    }
    assert.equal(events.length, 6);
  });

  test('master lists rungs at or below the source', async () => {
    const embed = await (
      await api(server, `/embed/${ladderId}`, { key: server.keys.embed })
    ).json();
    assert.deepEqual(embed.qualities, [360, 540]);
    const variants = variantsOf(await (await fetch(embed.hls_url)).text());
    assert.deepEqual(
      variants.map((variant) => variant.RESOLUTION),
      ['960x540', '640x360'],
    );
    for (const variant of variants) {
      assert.equal(variant['FRAME-RATE'], '30.000');
      assert.ok(Number(variant.BANDWIDTH) >= Number(variant['AVERAGE-BANDWIDTH']));
    }
  });

  test('CODECS match the segments', async () => {
    const dir = hlsDir(server, ladderId);
    const variants = variantsOf(await readFile(join(dir, 'master.m3u8'), 'utf8'));
    for (const variant of variants) {
      const streams = await probeStreams(
        await variantInput(join(dir, dirname(variant.URI!)), true),
      );
      const video = streams.find((stream) => stream.codec_type === 'video')!;
      const audio = streams.find((stream) => stream.codec_type === 'audio');
      const [videoCodec, audioCodec] = variant.CODECS!.split(',');
      assert.equal(video.profile, 'High');
      assert.match(videoCodec!, /^avc1\.64[0-9a-f]{2}[0-9a-f]{2}$/);
      assert.equal(parseInt(videoCodec!.slice(-2), 16), video.level);
      assert.equal(audio?.codec_name, 'aac');
      assert.equal(audioCodec, 'mp4a.40.2');
      assert.equal(variant.RESOLUTION, `${video.width}x${video.height}`);
    }
  });

  test('every rung is 8-bit 4:2:0 H.264', async () => {
    for (const rung of ['v0', 'v1']) {
      const streams = await probeStreams(await variantInput(join(hlsDir(server, ladderId), rung)));
      const video = streams.find((stream) => stream.codec_type === 'video')!;
      assert.equal(video.codec_name, 'h264', rung);
      assert.equal(video.pix_fmt, 'yuv420p', rung);
    }
  });

  test('keyframes every two seconds align', async () => {
    const dir = hlsDir(server, ladderId);
    const keyframes: number[][] = [];
    const durations: number[][] = [];
    for (const rung of ['v0', 'v1']) {
      keyframes.push(await packetTimes(await variantInput(join(dir, rung)), 'v', true));
      durations.push((await segmentsOf(join(dir, rung, 'index.m3u8'))).map((s) => s.duration));
    }
    assert.deepEqual(keyframes[0], keyframes[1]);
    assert.deepEqual(durations[0], durations[1]);
    const gaps = keyframes[0]!.slice(1).map((time, i) => time - keyframes[0]![i]!);
    assert.ok(gaps.length >= 1);
    for (const gap of gaps) assert.ok(Math.abs(gap - 2) < 0.01, `keyframe gap ${gap}`);
  });

  test('poster and storyboard are written', async () => {
    const embed = await (
      await api(server, `/embed/${ladderId}`, { key: server.keys.embed })
    ).json();
    const poster = await fetch(embed.poster);
    assert.equal(poster.headers.get('content-type'), 'image/jpeg');
    const storyboard = await (await fetch(embed.thumbnails)).text();
    const tiles = [...storyboard.matchAll(/storyboard\.jpg#xywh=\d+,\d+,160,90/g)];
    assert.equal(tiles.length, 4);
    const sprite = await fetch(embed.thumbnails.replace('storyboard.vtt', 'storyboard.jpg'));
    assert.equal(sprite.status, 200);
  });

  test('sidecar cues play at source times', async () => {
    const embed = await (
      await api(server, `/embed/${captionedId}`, { key: server.keys.embed })
    ).json();
    assert.deepEqual(embed.subtitles, ['en', 'fr']);
    for (const [language, starts] of Object.entries(SIDECAR_STARTS)) {
      await assertCuesAtSourceTimes(server, captionedId, language, starts);
    }
  });

  test('embedded subtitle cues play at source times', async () => {
    const embed = await (await api(server, `/embed/${mkvId}`, { key: server.keys.embed })).json();
    assert.deepEqual(embed.subtitles, ['es']);
    const sourceStarts = await packetTimes(mkvPath, 's');
    assert.deepEqual(sourceStarts, [1.3, 2.7]);
    await assertCuesAtSourceTimes(server, mkvId, 'es', sourceStarts);
  });
});
