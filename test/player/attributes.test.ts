import { CnxPlayer } from '../../src/player/index.js';
import { auditPlayer } from './audit.js';
import {
  assert,
  assertEqual,
  createPlayer,
  env,
  nextEvent,
  part,
  removePlayers,
  waitFor,
} from './helpers.js';
import { sleep } from './requests.js';

/** Attribute values and the property values they map to. */
const ATTRIBUTE_CASES: [attribute: string, value: string, property: string, expected: unknown][] = [
  ['media-id', 'abc123', 'mediaId', 'abc123'],
  ['api-key', 'cnx_embed_x', 'apiKey', 'cnx_embed_x'],
  ['api-base', 'http://127.0.0.1:9/v2', 'apiBase', 'http://127.0.0.1:9/v2'],
  ['viewer-token', 'token', 'viewerToken', 'token'],
  ['autoplay', '', 'autoplay', true],
  ['autoplay', 'muted', 'autoplay', 'muted'],
  ['muted', '', 'muted', true],
  ['loop', '', 'loop', true],
  ['start-time', '12.5', 'startTime', 12.5],
  ['poster', '/poster.jpg', 'poster', '/poster.jpg'],
  ['preload', 'none', 'preload', 'none'],
  ['resume', 'prompt', 'resume', 'prompt'],
  ['captions', 'fr', 'captions', 'fr'],
  ['debug', '', 'debug', true],
];

describe('cnx-player attributes', () => {
  afterEach(removePlayers);

  it('passes an axe audit with attributes', async () => {
    const player = createPlayer({
      'media-id': env.demoId,
      resume: 'off',
      loop: '',
      captions: 'en',
    });
    await nextEvent(player, 'cnx-ready');
    assertEqual(await auditPlayer(player), [], 'axe violations');
  });

  it('maps attributes to properties', async () => {
    for (const [attribute, value, property, expected] of ATTRIBUTE_CASES) {
      const player = document.createElement('cnx-player');
      player.setAttribute(attribute, value);
      const actual = (player as unknown as Record<string, unknown>)[property];
      assertEqual(actual, expected, `${property} for ${attribute}="${value}"`);
    }
  });

  it('honours properties set before definition', async () => {
    const element = document.createElement('cnx-player-late') as CnxPlayer;
    element.apiBase = env.apiBase;
    element.apiKey = env.embedKey;
    element.mediaId = env.demoId;
    element.resume = 'off';
    element.muted = true;
    element.volume = 0.3;
    element.playbackRate = 1.25;
    element.style.width = '640px';
    document.body.append(element);
    const ready = nextEvent<CustomEvent>(element, 'cnx-ready');
    customElements.define('cnx-player-late', class extends CnxPlayer {});
    assertEqual((await ready).detail.mediaId, env.demoId, 'cnx-ready mediaId');
    assertEqual(
      [element.muted, element.volume, element.playbackRate],
      [true, 0.3, 1.25],
      'media properties',
    );
  });

  it('reloads when media-id changes', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    const ready = nextEvent<CustomEvent>(player, 'cnx-ready');
    player.setAttribute('media-id', env.uploadId);
    assertEqual((await ready).detail.mediaId, env.uploadId, 'cnx-ready mediaId');
  });

  it('reloads when api-key changes', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    const error = nextEvent<CustomEvent>(player, 'cnx-error');
    player.apiKey = 'cnx_embed_wrongkey';
    assertEqual((await error).detail.code, 'unauthorized', 'cnx-error code');
  });

  it('reloads when api-base changes', async () => {
    const player = createPlayer({
      'media-id': env.demoId,
      resume: 'off',
      'api-base': 'http://127.0.0.1:9/v2',
    });
    await nextEvent(player, 'cnx-error');
    const ready = nextEvent(player, 'cnx-ready');
    player.apiBase = env.apiBase;
    await ready;
  });

  it('reports a missing api-key', async () => {
    const player = createPlayer({ 'media-id': env.demoId });
    const error = nextEvent<CustomEvent>(player, 'cnx-error');
    player.removeAttribute('api-key');
    assertEqual((await error).detail.code, 'unauthorized', 'cnx-error code');
  });

  it('follows the muted attribute', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    player.removeAttribute('muted');
    await player.updateComplete;
    assert(!part<HTMLVideoElement>(player, 'video').muted, 'video muted after removal');
  });

  it('follows the loop attribute', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    player.loop = true;
    await player.updateComplete;
    assert(part<HTMLVideoElement>(player, 'video').loop, 'video loop');
  });

  it('follows the poster attribute', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    player.poster = '/custom-poster.jpg';
    await player.updateComplete;
    const poster = part<HTMLVideoElement>(player, 'video').poster;
    assert(poster.endsWith('/custom-poster.jpg'), `video poster ${poster}`);
  });

  it('seeks when start-time changes', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    player.setAttribute('start-time', '6');
    await nextEvent(player, 'seeked');
    assert(Math.abs(player.currentTime - 6) < 0.1, `currentTime ${player.currentTime}`);
  });

  it('defers loading with preload none', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off', preload: 'none' });
    await sleep(1000);
    assertEqual(player.playbackEngine, undefined, 'engine before play');
    player.preload = 'auto';
    await nextEvent(player, 'cnx-ready');
  });

  it('plays when autoplay is set later', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    player.autoplay = true;
    await nextEvent(player, 'playing');
  });

  it('switches subtitles when captions changes', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off', captions: 'en' });
    await nextEvent(player, 'cnx-ready');
    await waitFor(() => player.playbackEngine?.subtitleTrack !== -1, 'English is shown');
    const change = nextEvent<CustomEvent>(player, 'cnx-subtitles-change');
    player.captions = 'es';
    assertEqual((await change).detail.language, 'es', 'cnx-subtitles-change language');
  });

  it('hides subtitles when captions is removed', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off', captions: 'en' });
    await nextEvent(player, 'cnx-ready');
    await waitFor(() => player.playbackEngine?.subtitleTrack !== -1, 'English is shown');
    player.removeAttribute('captions');
    await player.updateComplete;
    assertEqual(player.playbackEngine!.subtitleTrack, -1, 'subtitle track');
  });

  it('logs only with debug', async () => {
    const lines: unknown[][] = [];
    const original = console.debug;
    console.debug = (...data: unknown[]) => lines.push(data);
    try {
      const quiet = createPlayer({ 'media-id': env.demoId, resume: 'off' });
      await nextEvent(quiet, 'cnx-ready');
      assertEqual(lines.length, 0, 'debug lines without debug');
      quiet.debug = true;
      // Loading a title logs its steps, e.g. the engine's load.
      quiet.mediaId = env.uploadId;
      await nextEvent(quiet, 'cnx-ready');
      const ours = lines.filter((line) => String(line[0]).startsWith('[cnx-player:'));
      assert(ours.length > 0, 'debug lines once debug is set');
    } finally {
      console.debug = original;
    }
  });
});
