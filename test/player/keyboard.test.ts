import { sendKeys } from '@web/test-runner-commands';
import type { CnxPlayer } from '../../src/player/index.js';
import { auditPlayer } from './audit.js';
import {
  assert,
  assertEqual,
  createPlayer,
  env,
  nextEvent,
  removePlayers,
  waitFor,
} from './helpers.js';

/** Creates a player of the demo title, waits for metadata and focuses it. */
async function focusedPlayer(attributes: Record<string, string> = {}): Promise<CnxPlayer> {
  const player = createPlayer({ 'media-id': env.demoId, resume: 'off', ...attributes });
  await nextEvent(player, 'cnx-ready');
  await player.updateComplete;
  player.focus();
  return player;
}

/** Dispatches a keydown on `target` as the browser would, and returns it. */
function keydown(target: EventTarget, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', {
    key,
    bubbles: true,
    composed: true,
    cancelable: true,
    ...init,
  });
  target.dispatchEvent(event);
  return event;
}

/** An element with an open shadow root containing a text input, like a third-party widget. */
class TextWidget extends HTMLElement {
  readonly input: HTMLInputElement;
  constructor() {
    super();
    this.input = document.createElement('input');
    this.input.setAttribute('aria-label', 'Comment');
    this.attachShadow({ mode: 'open' }).append(this.input);
  }
}
customElements.define('test-text-widget', TextWidget);

describe('cnx-player keyboard', () => {
  afterEach(removePlayers);

  it('passes an axe audit while focused', async () => {
    const player = await focusedPlayer();
    assertEqual(await auditPlayer(player), [], 'axe violations');
  });

  it('plays and pauses with Space', async () => {
    const player = await focusedPlayer();
    await sendKeys({ press: 'Space' });
    await waitFor(() => !player.paused, 'Space starts playback');
    await sendKeys({ press: 'Space' });
    await waitFor(() => player.paused, 'Space pauses again');
  });

  it('plays and pauses with K', async () => {
    const player = await focusedPlayer();
    await sendKeys({ press: 'k' });
    await waitFor(() => !player.paused, 'K starts playback');
    await sendKeys({ press: 'k' });
    await waitFor(() => player.paused, 'K pauses again');
  });

  it('seeks 5 s with the arrows', async () => {
    const player = await focusedPlayer();
    await sendKeys({ press: 'ArrowRight' });
    assertEqual(player.currentTime, 5, 'position after →');
    await sendKeys({ press: 'ArrowLeft' });
    assertEqual(player.currentTime, 0, 'position after ←');
  });

  it('seeks 10 s with J and L', async () => {
    const player = await focusedPlayer({ 'start-time': '2' });
    await waitFor(() => player.currentTime >= 2, 'start at 2 s');
    await sendKeys({ press: 'l' });
    assert(
      Math.abs(player.currentTime - player.duration) < 0.1,
      `L clamps to the end, got ${player.currentTime}`,
    );
    // The demo title is about 10 s long, so J from the end lands near its start.
    const before = player.currentTime;
    await sendKeys({ press: 'j' });
    assert(
      Math.abs(player.currentTime - Math.max(0, before - 10)) < 0.1,
      `J seeks back 10 s from ${before}, got ${player.currentTime}`,
    );
  });

  it('changes the volume with ↑ and ↓', async () => {
    const player = await focusedPlayer();
    player.volume = 0.5;
    await sendKeys({ press: 'ArrowUp' });
    assertEqual(player.volume, 0.6, 'volume after ↑');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    assertEqual(player.volume, 0.4, 'volume after ↓ twice');
  });

  it('toggles mute with M', async () => {
    const player = await focusedPlayer();
    assert(player.muted, 'muted at start');
    await sendKeys({ press: 'm' });
    assert(!player.muted, 'M unmutes');
  });

  it('toggles captions with C', async () => {
    const player = await focusedPlayer();
    await waitFor(() => (player.playbackEngine?.subtitleTracks.length ?? 0) > 0, 'subtitle tracks');
    await sendKeys({ press: 'c' });
    assert(player.playbackEngine!.subtitleTrack >= 0, 'C shows subtitles');
    await sendKeys({ press: 'c' });
    assertEqual(player.playbackEngine!.subtitleTrack, -1, 'C hides subtitles again');
  });

  it('toggles fullscreen with F', async () => {
    const player = await focusedPlayer();
    await sendKeys({ press: 'f' });
    await waitFor(() => document.fullscreenElement === player, 'F enters fullscreen');
    await sendKeys({ press: 'f' });
    await waitFor(() => document.fullscreenElement === null, 'F leaves fullscreen');
  });

  it('jumps to tenths with digits', async () => {
    const player = await focusedPlayer();
    await sendKeys({ press: '5' });
    assert(
      Math.abs(player.currentTime - player.duration / 2) < 0.1,
      `5 seeks to half, got ${player.currentTime}`,
    );
    await sendKeys({ press: '0' });
    assertEqual(player.currentTime, 0, 'position after 0');
  });

  it('jumps with Home and End', async () => {
    const player = await focusedPlayer();
    await sendKeys({ press: 'End' });
    assert(
      Math.abs(player.currentTime - player.duration) < 0.1,
      `End seeks to the end, got ${player.currentTime}`,
    );
    await sendKeys({ press: 'Home' });
    assertEqual(player.currentTime, 0, 'position after Home');
  });

  it('acts only on the focused player', async () => {
    const first = await focusedPlayer();
    const second = await focusedPlayer();
    first.focus();
    await sendKeys({ press: 'm' });
    assert(!first.muted, 'the focused player unmutes');
    assert(second.muted, 'the other player stays muted');
  });

  it('ignores keys typed into a shadow input', async () => {
    const player = await focusedPlayer();
    const widget = document.createElement('test-text-widget') as TextWidget;
    widget.slot = 'controls-end';
    player.append(widget);
    widget.input.focus();
    await sendKeys({ type: 'km 5' });
    assertEqual(widget.input.value, 'km 5', 'text typed into the input');
    assert(player.paused, 'the player stays paused');
    assert(player.muted, 'the player stays muted');
    assertEqual(player.currentTime, 0, 'position after typing');
  });

  it('leaves other keys unhandled', async () => {
    const player = await focusedPlayer();
    const button = player.shadowRoot!.querySelector('button')!;
    assertEqual(keydown(button, 'x').defaultPrevented, false, 'x is prevented');
    assertEqual(keydown(button, 'k').defaultPrevented, true, 'k is prevented');
  });

  it('ignores shortcuts with modifier keys', async () => {
    const player = await focusedPlayer();
    const button = player.shadowRoot!.querySelector('[part~="seek-bar"]')!;
    for (const modifier of ['ctrlKey', 'metaKey', 'altKey']) {
      const event = keydown(button, 'ArrowRight', { [modifier]: true });
      assertEqual(event.defaultPrevented, false, `→ with ${modifier} is prevented`);
    }
    assertEqual(player.currentTime, 0, 'position after modified arrows');
  });
});
