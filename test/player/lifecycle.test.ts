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
import { embedPattern, mediaPattern, requestsSince, sleep } from './requests.js';

/** Replaces `AbortController` with a subclass that records its instances, until `restore()`. */
function recordAbortControllers(): { controllers: AbortController[]; restore(): void } {
  const Original = window.AbortController;
  const controllers: AbortController[] = [];
  window.AbortController = class extends Original {
    constructor() {
      super();
      controllers.push(this);
    }
  };
  return { controllers, restore: () => (window.AbortController = Original) };
}

describe('cnx-player lifecycle', () => {
  afterEach(removePlayers);

  it('passes an axe audit while loading', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await player.updateComplete;
    assertEqual(await auditPlayer(player), [], 'axe violations');
  });

  it('aborts a pending embed request on removal', async () => {
    const recorder = recordAbortControllers();
    try {
      const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
      // The first update calls fetch() for /embed; its response cannot arrive before this task ends.
      await player.updateComplete;
      player.remove();
      await sleep(0);
      assert(recorder.controllers.length > 0, 'the player created an AbortController');
      assert(
        recorder.controllers.some((controller) => controller.signal.aborted),
        'an AbortController of the player aborted',
      );
    } finally {
      recorder.restore();
    }
  });

  it('starts no request after removal', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await player.updateComplete;
    player.remove();
    await sleep(1000);
    const since = performance.now();
    await sleep(1500);
    assertEqual(requestsSince(since), [], 'requests started more than 1 s after removal');
  });

  it('stops downloads when removed while playing', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    await playUntil(player, 1);
    player.remove();
    await sleep(1000);
    const since = performance.now();
    await sleep(1500);
    assertEqual(requestsSince(since), [], 'requests started more than 1 s after removal');
    assertEqual(player.playbackEngine, undefined, 'engine after removal');
  });

  it('keeps playing without a new embed call when moved', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    await playUntil(player, 1);
    const since = performance.now();
    const engine = player.playbackEngine;
    const container = document.createElement('div');
    document.body.append(container);
    container.append(player);
    await sleep(500);
    assert(!player.paused, 'the moved player is playing');
    assert(player.playbackEngine === engine, 'the moved player keeps its engine');
    assertEqual(
      requestsSince(since, embedPattern(env.demoId)),
      [],
      '/embed requests after the move',
    );
    container.remove();
  });

  it('leaves only the last title after quick switches', async () => {
    const since = performance.now();
    const player = createPlayer({ 'media-id': env.uploadId, resume: 'off' });
    const readyIds: string[] = [];
    player.addEventListener('cnx-ready', (event) => readyIds.push(event.detail.mediaId));
    await player.updateComplete;
    player.mediaId = env.demoId;
    await player.updateComplete;
    player.mediaId = env.uploadId;
    await nextEvent(player, 'cnx-ready');
    await sleep(1000);
    assertEqual(readyIds, [env.uploadId], 'cnx-ready media ids');
    assertEqual(
      requestsSince(since, mediaPattern(env.demoId)),
      [],
      'media requests of the middle title',
    );
    const loaders = player.shadowRoot!.querySelectorAll('video');
    assertEqual(loaders.length, 1, 'video elements');
    assertEqual(
      player.shadowRoot!.querySelector('[data-menu="subtitles"]'),
      null,
      'subtitles menu',
    );
    part(player, '[data-menu="quality"]');
  });

  it('runs two players independently', async () => {
    const first = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    const second = createPlayer({ 'media-id': env.uploadId, resume: 'off' });
    await Promise.all([nextEvent(first, 'cnx-ready'), nextEvent(second, 'cnx-ready')]);
    await playUntil(first, 1);
    assert(second.paused, 'the second player stays paused');
    await playUntil(second, 0.5);
    first.pause();
    await sleep(300);
    assert(!second.paused, 'the second player keeps playing after the first pauses');
    assert(first.playbackEngine !== second.playbackEngine, 'each player has its own engine');
  });

  it('reloads its title when added again', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    player.remove();
    await sleep(100);
    const ready = nextEvent<CustomEvent>(player, 'cnx-ready');
    document.body.append(player);
    assertEqual((await ready).detail.mediaId, env.demoId, 'cnx-ready media id after re-adding');
    await waitFor(() => player.playbackEngine !== undefined, 'an engine exists again');
  });
});
