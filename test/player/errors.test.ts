import {
  assert,
  assertEqual,
  createPlayer,
  env,
  nextEvent,
  part,
  removePlayers,
  unnamedControls,
  waitFor,
} from './helpers.js';
import { PlayerError } from '../../src/player/index.js';

/** Resolves with what `promise` rejected with, or rejects after `timeoutMs` if it stays pending. */
async function rejection(promise: Promise<unknown>, timeoutMs = 10_000): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([promise, timeout]);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('still pending')) throw error;
    return error;
  } finally {
    clearTimeout(timer);
  }
  throw new Error('the promise resolved, but a rejection was expected');
}

describe('cnx-player errors', () => {
  afterEach(removePlayers);

  it('gives every control of the error panel an accessible name', async () => {
    const player = createPlayer({ 'media-id': 'unknownTitle000' });
    await nextEvent(player, 'cnx-error');
    await player.updateComplete;
    assertEqual(unnamedControls(player), [], 'controls without a name');
  });

  it('reports unauthorized for a wrong key', async () => {
    const player = createPlayer({ 'media-id': env.demoId, 'api-key': 'cnx_embed_wrongkey' });
    const error = await nextEvent<CustomEvent>(player, 'cnx-error');
    assertEqual(error.detail.code, 'unauthorized', 'cnx-error code');
    assertEqual(error.detail.fatal, true, 'cnx-error fatal');
    assert(error.bubbles, 'cnx-error bubbles');
    assert(error.composed, 'cnx-error is composed');
    await player.updateComplete;
    part(player, '[part="error"]');
  });

  it('reports not_found for an unknown id', async () => {
    const player = createPlayer({ 'media-id': 'unknownTitle000' });
    const error = await nextEvent<CustomEvent>(player, 'cnx-error');
    assertEqual(error.detail.code, 'not_found', 'cnx-error code');
    assert(
      error.detail.message.includes('404'),
      `message names the status: ${error.detail.message}`,
    );
  });

  it('loads after a retry once the id is fixed', async () => {
    const player = createPlayer({ 'media-id': 'unknownTitle000' });
    await nextEvent(player, 'cnx-error');
    player.setAttribute('media-id', env.demoId);
    await nextEvent(player, 'cnx-ready');
    await player.updateComplete;
    assertEqual(
      player.shadowRoot!.querySelector('[part="error"]'),
      null,
      'error panel after reload',
    );
  });

  it('retries from the error panel', async () => {
    const player = createPlayer({ 'media-id': 'unknownTitle000' });
    await nextEvent(player, 'cnx-error');
    await player.updateComplete;
    const again = nextEvent<CustomEvent>(player, 'cnx-error');
    part(player, '[part="retry-button"]').click();
    assertEqual((await again).detail.code, 'not_found', 'cnx-error code after retry');
  });

  it('rejects play() in the error state', async () => {
    const player = createPlayer({ 'media-id': env.demoId, 'api-key': 'cnx_embed_wrongkey' });
    await nextEvent(player, 'cnx-error');
    const error = await rejection(player.play());
    assert(error instanceof PlayerError, `rejects with a PlayerError, got ${String(error)}`);
    assertEqual((error as PlayerError).code, 'unauthorized', 'code of the rejection');
  });

  it('rejects a pending play() when loading fails', async () => {
    const player = createPlayer({ 'media-id': env.demoId, 'api-key': 'cnx_embed_wrongkey' });
    const failed = nextEvent(player, 'cnx-error');
    const play = player.play();
    await failed;
    const error = await rejection(play);
    assert(error instanceof PlayerError, `rejects with a PlayerError, got ${String(error)}`);
    assertEqual((error as PlayerError).code, 'unauthorized', 'code of the rejection');
    assert(player.paused, 'the player is paused after the failure');
  });

  it('rejects a pending play() on pause()', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off', preload: 'none' });
    // The big play button shows once /embed returned, so play() then has to start the engine.
    await waitFor(
      () => player.shadowRoot!.querySelector('[part="big-play-button"]') !== null,
      'the big play button appears',
    );
    const ready = nextEvent(player, 'cnx-ready');
    const play = player.play();
    player.pause();
    const error = await rejection(play);
    assert(error instanceof DOMException, `rejects with a DOMException, got ${String(error)}`);
    assertEqual((error as DOMException).name, 'AbortError', 'name of the rejection');
    await ready;
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert(player.paused, 'the interrupted play() did not start playback');
  });

  it('resolves a play() made while loading', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await player.play();
    assert(!player.paused, 'the player plays');
  });

  it('resolves play() after a retry succeeds', async () => {
    const player = createPlayer({ 'media-id': 'unknownTitle000', resume: 'off' });
    await nextEvent(player, 'cnx-error');
    await rejection(player.play());
    player.setAttribute('media-id', env.demoId);
    await player.updateComplete;
    await player.play();
    await waitFor(() => player.currentTime > 0, 'playback passes 0 s');
  });
});
