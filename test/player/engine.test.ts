import { render } from 'lit';
import type { CnxPlayer } from '../../src/player/index.js';
import { renderControlBar, type ControlBarState } from '../../src/player/controls/control-bar.js';
import type { HlsEngine } from '../../src/player/engine/hls-engine.js';
import { capLevelFor } from '../../src/player/engine/level-cap.js';
import { NativeEngine } from '../../src/player/engine/native-engine.js';
import { createLogger } from '../../src/player/logger.js';
import { EMPTY_TIME_RANGES } from '../../src/player/media-element.js';
import { auditPlayer } from './audit.js';
import {
  assert,
  assertEqual,
  createPlayer,
  env,
  nextEvent,
  part,
  playUntil,
  removePlayers,
  waitFor,
} from './helpers.js';
import { embedPattern, requestsSince } from './requests.js';

// Taken when this module runs, after its static imports loaded the element.
const requestsAtImport = requestsSince(0);

function hlsEngine(player: CnxPlayer): HlsEngine {
  const engine = player.playbackEngine;
  if (engine?.kind !== 'hls.js') throw new Error(`expected the hls.js engine, got ${engine?.kind}`);
  return engine as HlsEngine;
}

/** Fetches the title's embed response from the real API, as the player does. */
async function embedUrl(mediaId: string): Promise<string> {
  const response = await fetch(`${env.apiBase}/embed/${mediaId}`, {
    headers: { authorization: `Bearer ${env.embedKey}` },
  });
  const body = (await response.json()) as { hls_url: string };
  return body.hls_url;
}

/** Alters the last character of the token's signature in a signed media URL. */
function tamperToken(url: string): string {
  return url.replace(/(\/media\/[^/]+\/[^/]+\.\d+\.[^/]*)(.)(\/)/, (_all, head, last, slash) => {
    return `${head}${last === 'A' ? 'B' : 'A'}${slash}`;
  });
}

const silent = createLogger('test', () => false);

describe('cnx-player engine', () => {
  afterEach(removePlayers);

  it('passes an axe audit while loaded', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    assertEqual(await auditPlayer(player), [], 'axe violations');
  });

  it('imports hls.js only when needed', () => {
    const early = requestsAtImport.filter((url) => /hls\.js|hls\.m?js/.test(url));
    assertEqual(early, [], 'hls.js requests before any player loaded');
  });

  it('requests the segment at start-time first', async () => {
    const since = performance.now();
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off', 'start-time': '5' });
    await nextEvent(player, 'cnx-ready');
    await waitFor(() => requestsSince(since, /\.m4s/).length > 0, 'a media segment is requested');
    const first = requestsSince(since, /\.m4s/)[0]!;
    assert(/\/seg_002\.m4s/.test(first), `first segment is seg_002, got ${first}`);
  });

  it('bounds the forward buffer', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    const config = hlsEngine(player).config;
    assertEqual(config.maxBufferLength, 30, 'maxBufferLength');
    assertEqual(config.maxMaxBufferLength, 60, 'maxMaxBufferLength');
  });

  it('bounds the back buffer', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    assertEqual(hlsEngine(player).config.backBufferLength, 30, 'backBufferLength');
  });

  it('caps rungs to the player size', async () => {
    const player = createPlayer({ 'media-id': env.uploadId, resume: 'off' });
    player.style.width = '960px';
    await nextEvent(player, 'cnx-ready');
    const engine = hlsEngine(player);
    assert(engine.config.capLevelToPlayerSize, 'capLevelToPlayerSize is on');
    const index540 = engine.levels.find((level) => level.height === 540)!.index;
    const index360 = engine.levels.find((level) => level.height === 360)!.index;
    await waitFor(() => engine.levelCap === index540, 'cap at 540p for a 960x540 player');
    player.style.width = '320px';
    await waitFor(() => engine.levelCap === index360, 'cap at 360p after shrinking to 320x180');
  });

  it('lowers the cap while off screen', async () => {
    const player = createPlayer({ 'media-id': env.uploadId, resume: 'off' });
    player.style.width = '960px';
    await nextEvent(player, 'cnx-ready');
    const engine = hlsEngine(player);
    const index540 = engine.levels.find((level) => level.height === 540)!.index;
    await waitFor(() => engine.levelCap === index540, 'cap at 540p while visible');
    player.style.cssText += 'position: absolute; top: 10000px;';
    await waitFor(() => engine.levelCap === 0, 'cap at the lowest rung while off screen');
    player.style.position = 'static';
    await waitFor(() => engine.levelCap === index540, 'cap back at 540p once visible');
  });

  it('refreshes a rejected media URL', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    await playUntil(player, 2);
    player.pause();
    const position = player.currentTime;
    const errors: string[] = [];
    player.addEventListener('cnx-error', (event) => errors.push(event.detail.code));
    const since = performance.now();
    const tampered = tamperToken(await embedUrl(env.demoId));
    const rejected = await fetch(tampered);
    assertEqual(rejected.status, 403, 'status of the tampered URL');

    player.testOnlyLoadMediaUrl(tampered);
    await waitFor(
      () => requestsSince(since, embedPattern(env.demoId)).length > 0,
      'the player requests /embed again',
    );
    await waitFor(() => player.readyState >= 2, 'the fresh URL loads');
    assert(
      Math.abs(player.currentTime - position) < 0.5,
      `position ${player.currentTime} ≈ ${position}`,
    );
    assertEqual(errors, [], 'cnx-error codes during the refresh');
    await playUntil(player, position + 0.5);
  });

  it('reports network failure after retries', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    const missing = (await embedUrl(env.demoId)).replace('master.m3u8', 'missing.m3u8');
    const since = performance.now();
    const error = nextEvent<CustomEvent>(player, 'cnx-error', 20_000);
    player.testOnlyLoadMediaUrl(missing);
    const detail = (await error).detail;
    assertEqual(detail.code, 'network', 'cnx-error code');
    assertEqual(detail.fatal, true, 'cnx-error fatal');
    assertEqual(requestsSince(since, /missing\.m3u8/).length, 4, 'first request plus 3 retries');
    await player.updateComplete;
    part(player, '[part="error"]');
  });

  it('picks the lowest rung that fits', () => {
    const levels = [
      { index: 0, width: 640, height: 360, bitrate: 800_000 },
      { index: 1, width: 960, height: 540, bitrate: 1_600_000 },
    ];
    assertEqual(capLevelFor(levels, 200), 0, 'cap for 200 px');
    assertEqual(capLevelFor(levels, 400), 1, 'cap for 400 px');
    assertEqual(capLevelFor(levels, 1080), 1, 'cap for 1080 px');
  });

  it('labels Auto with the native height', async () => {
    const video = document.createElement('video');
    // A stand-in for a decoded 540p stream, since Chromium plays HLS through MSE.
    Object.defineProperty(video, 'videoHeight', { get: () => 540 });
    const listener = { onTracksChange() {}, onFatalError() {}, onMediaUrlRejected() {} };
    const engine = new NativeEngine(video, listener, silent);

    const state: ControlBarState = {
      paused: true,
      position: 0,
      duration: 10,
      buffered: EMPTY_TIME_RANGES,
      hoverPosition: null,
      hoverTile: undefined,
      volume: 1,
      muted: false,
      rate: 1,
      fullscreen: false,
      pictureInPicture: null,
      levels: engine.levels,
      currentLevel: engine.currentLevel,
      currentHeight: engine.currentHeight,
      autoLevel: engine.autoLevel,
      subtitleTracks: engine.subtitleTracks,
      subtitleTrack: engine.subtitleTrack,
      openMenu: 'quality',
    };

    const noop = () => {};
    const container = document.createElement('div');
    render(
      renderControlBar(state, {
        togglePlay: noop,
        seek: noop,
        hoverSeek: noop,
        toggleMute: noop,
        setVolume: noop,
        setRate: noop,
        setLevel: noop,
        setSubtitleTrack: noop,
        toggleMenu: noop,
        toggleFullscreen: noop,
        togglePictureInPicture: noop,
      }),
      container,
    );

    const items = container.querySelectorAll('[part~="quality-menu"] [role="menuitemradio"]');
    assertEqual(
      Array.from(items, (item) => item.textContent!.trim()),
      ['Auto (540p)'],
      'quality menu items',
    );
    engine.destroy();
  });
});
