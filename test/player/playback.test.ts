import type { CnxPlayer } from '../../src/player/index.js';
import {
  assert,
  assertEqual,
  createPlayer,
  env,
  nextEvent,
  part,
  playUntil,
  removePlayers,
  unnamedControls,
  waitFor,
} from './helpers.js';

/** Opens the quality menu and returns the labels of its items. */
async function qualityLabels(player: CnxPlayer): Promise<string[]> {
  part(player, '[data-menu="quality"]').click();
  await player.updateComplete;
  const items = player.shadowRoot!.querySelectorAll('[role="menu"] [role="menuitemradio"]');
  return Array.from(items, (item) => item.textContent!.trim());
}

describe('cnx-player playback', () => {
  afterEach(removePlayers);

  it('gives every control an accessible name', async () => {
    const player = createPlayer({ 'media-id': env.uploadId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    await player.updateComplete;
    assertEqual(unnamedControls(player), [], 'controls without a name');
    for (const name of ['quality', 'subtitles', 'speed']) {
      const button = player.shadowRoot!.querySelector<HTMLElement>(`[data-menu="${name}"]`);
      if (!button) continue;
      button.click();
      await player.updateComplete;
      assertEqual(button.getAttribute('aria-haspopup'), 'menu', `${name} button aria-haspopup`);
      assertEqual(unnamedControls(player), [], `controls without a name, ${name} menu open`);
    }
  });

  it('plays the demo title', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    const ready = await nextEvent<CustomEvent>(player, 'cnx-ready');
    assertEqual(ready.detail.mediaId, env.demoId, 'cnx-ready mediaId');
    assertEqual(ready.detail.engine, 'hls.js', 'engine where MSE exists');
    const seen: string[] = [];
    for (const type of ['play', 'playing', 'timeupdate']) {
      player.addEventListener(type, () => seen.push(type), { once: true });
    }
    await playUntil(player, 1);
    assert(!player.paused, 'the player is playing');
    assertEqual(seen.sort(), ['play', 'playing', 'timeupdate'], 'media events from the host');
  });

  it('shows the position in the seek bar value text', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off', 'start-time': '3' });
    await nextEvent(player, 'cnx-ready');
    await waitFor(() => player.currentTime >= 3, 'the player seeks to start-time 3 s');
    await player.updateComplete;
    const seek = part(player, 'input[part="seek-bar"]');
    assertEqual(seek.getAttribute('aria-valuetext'), '0:03 of 0:10', 'seek bar aria-valuetext');
  });

  it('lists the renditions in the quality menu', async () => {
    const player = createPlayer({ 'media-id': env.uploadId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    await player.updateComplete;
    const labels = await qualityLabels(player);
    assertEqual(labels.length, 3, 'number of quality items');
    assert(labels[0]!.startsWith('Auto'), `first item is Auto, got ${labels[0]}`);
    assertEqual(labels.slice(1), ['540p', '360p'], 'rungs, highest first');
  });

  it('keeps a manual quality choice', async () => {
    const player = createPlayer({ 'media-id': env.uploadId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    await player.updateComplete;
    await qualityLabels(player);
    const change = nextEvent<CustomEvent>(player, 'cnx-quality-change');
    const items = player.shadowRoot!.querySelectorAll<HTMLElement>('[role="menuitemradio"]');
    Array.from(items)
      .find((item) => item.textContent!.trim() === '540p')!
      .click();
    const detail = (await change).detail;
    assertEqual(detail.auto, false, 'cnx-quality-change auto');
    await playUntil(player, 1);
    const engine = player.playbackEngine!;
    assertEqual(engine.autoLevel, false, 'adaptive selection after a manual choice');
    assertEqual(engine.levels[engine.currentLevel]?.height, 540, 'height in use');
    const button = part(player, '[data-menu="quality"]');
    assertEqual(button.textContent!.trim(), '540p', 'quality button text');
  });

  it('keeps playing when moved', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    await playUntil(player, 1);
    const engine = player.playbackEngine;
    const container = document.createElement('div');
    document.body.append(container);
    container.append(player);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert(!player.paused, 'the moved player is playing');
    assert(player.playbackEngine === engine, 'the moved player keeps its engine');
    container.remove();
  });

  it('stops its engine when removed', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    player.remove();
    await Promise.resolve();
    assertEqual(player.playbackEngine, undefined, 'engine after removal');
  });

  it('reports the duration and state like a media element', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'loadedmetadata');
    assert(Math.abs(player.duration - 10) < 0.5, `duration is about 10 s, got ${player.duration}`);
    assert(player.paused, 'paused before play()');
    assert(player.readyState >= 1, `readyState after loadedmetadata, got ${player.readyState}`);
    player.playbackRate = 1.5;
    assertEqual(player.playbackRate, 1.5, 'playbackRate');
    player.volume = 0.5;
    assertEqual(player.volume, 0.5, 'volume');
    assert(player.muted, 'the muted attribute mutes');
  });
});
