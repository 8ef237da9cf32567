import {
  assert,
  assertEqual,
  createPlayer,
  env,
  nextEvent,
  part,
  removePlayers,
  unnamedControls,
} from './helpers.js';

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
});
