import { PLAYER_ERRORS } from '../../src/player/index.js';
import { auditPlayer } from './audit.js';
import {
  assert,
  assertEqual,
  createPlayer,
  env,
  nextEvent,
  playUntil,
  removePlayers,
} from './helpers.js';

describe('cnx-player media API', () => {
  afterEach(removePlayers);

  it('passes an axe audit when ready', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    assertEqual(await auditPlayer(player), [], 'axe violations');
  });

  it('re-dispatches the standard media events', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    const expected = [
      'loadstart',
      'durationchange',
      'loadedmetadata',
      'loadeddata',
      'canplay',
      'play',
      'playing',
      'timeupdate',
      'progress',
      'ratechange',
      'volumechange',
      'seeking',
      'seeked',
      'pause',
      'ended',
    ];
    const seen = new Set<string>();
    for (const type of expected) player.addEventListener(type, () => seen.add(type));
    await nextEvent(player, 'cnx-ready');
    await playUntil(player, 0.5);
    player.playbackRate = 2;
    player.volume = 0.5;
    player.currentTime = 9;
    await nextEvent(player, 'ended', 20_000);
    assertEqual(
      expected.filter((type) => !seen.has(type)),
      [],
      'events not seen on the host',
    );
  });

  it('resolves play and pause state', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    await player.play();
    assert(!player.paused, 'paused after play()');
    player.pause();
    assert(player.paused, 'paused after pause()');
  });

  it('reports the end of the title', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off', 'start-time': '9' });
    await nextEvent(player, 'cnx-ready');
    await player.play();
    await nextEvent(player, 'ended');
    assert(player.ended, 'ended after the last frame');
  });

  it('exposes buffered and readyState', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    await playUntil(player, 0.5);
    assert(player.buffered.length > 0, 'buffered has a range');
    assert(player.buffered.end(0) > 0.5, `buffered end ${player.buffered.end(0)}`);
    assertEqual(player.readyState, 4, 'readyState while playing');
  });

  it('seeks through currentTime', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    player.currentTime = 4;
    await nextEvent(player, 'seeked');
    assert(Math.abs(player.currentTime - 4) < 0.1, `currentTime ${player.currentTime}`);
  });

  it('rejects an out-of-range volume', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    let name = '';
    try {
      player.volume = 2;
    } catch (error) {
      name = (error as DOMException).name;
    }
    assertEqual(name, 'IndexSizeError', 'exception of volume = 2');
  });

  it('details cnx-ready with the title', async () => {
    const player = createPlayer({ 'media-id': env.uploadId, resume: 'off' });
    const { detail } = await nextEvent<CustomEvent>(player, 'cnx-ready');
    assertEqual(
      [detail.mediaId, detail.qualities, detail.engine],
      [env.uploadId, [360, 540], 'hls.js'],
      'cnx-ready detail',
    );
    assert(Math.abs(detail.duration - 4) < 0.5, `duration ${detail.duration}`);
  });

  it('details cnx-quality-change with the height', async () => {
    const player = createPlayer({ 'media-id': env.uploadId, resume: 'off' });
    const change = await nextEvent<CustomEvent>(player, 'cnx-quality-change');
    assertEqual(change.detail.auto, true, 'auto');
    assert([360, 540, null].includes(change.detail.height), `height ${change.detail.height}`);
  });

  it('details cnx-error with code, fatal and message', async () => {
    const player = createPlayer({ 'media-id': 'unknownTitle000' });
    const { detail } = await nextEvent<CustomEvent>(player, 'cnx-error');
    assertEqual(Object.keys(detail).sort(), ['code', 'fatal', 'message'], 'detail fields');
    assertEqual(detail.code, 'not_found', 'code');
  });

  it('documents every error code', async () => {
    const text = await (await fetch('/docs/player/errors.md')).text();
    const undocumented = Object.keys(PLAYER_ERRORS).filter(
      (code) => !text.includes(`| \`${code}\``),
    );
    assertEqual(undocumented, [], 'codes missing from the table in docs/player/errors.md');
  });
});
