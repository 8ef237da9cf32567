import type { CnxPlayer } from '../../src/player/index.js';
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

const originalPlay = HTMLMediaElement.prototype.play;

/**
 * Makes `play()` reject with NotAllowedError, as a browser's autoplay policy
 * does: always, or only while the video has sound. This stubs the browser's
 * HTMLMediaElement, which the test runner's Chromium launches with autoplay
 * allowed; the player and the API are real.
 */
function blockAutoplay(mode: 'sound' | 'all'): void {
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    if (mode === 'sound' && this.muted) return originalPlay.call(this);
    return Promise.reject(new DOMException('play() needs a user gesture', 'NotAllowedError'));
  };
}

/** Creates an unmuted player with `autoplay`. */
function autoplayPlayer(autoplay: string, mediaId = env.demoId): CnxPlayer {
  const player = createPlayer({ 'media-id': mediaId, resume: 'off', autoplay });
  player.removeAttribute('muted');
  return player;
}

function unmuteButton(player: CnxPlayer): HTMLElement | null {
  return player.shadowRoot!.querySelector('[part="unmute-button"]');
}

function isShown(element: Element): boolean {
  return element.checkVisibility({ opacityProperty: true, visibilityProperty: true });
}

describe('cnx-player autoplay', () => {
  afterEach(() => {
    HTMLMediaElement.prototype.play = originalPlay;
    removePlayers();
  });

  it('passes an axe audit after muted autoplay', async () => {
    blockAutoplay('sound');
    const player = autoplayPlayer('muted');
    await nextEvent(player, 'playing');
    assertEqual(await auditPlayer(player), [], 'axe violations');
  });

  it('plays with sound when allowed', async () => {
    const player = autoplayPlayer('');
    await nextEvent(player, 'playing');
    assert(!player.paused, 'the player is playing');
    assert(!player.muted, 'the player has sound');
  });

  it('falls back to muted playback', async () => {
    blockAutoplay('sound');
    const player = autoplayPlayer('muted');
    await nextEvent(player, 'playing');
    assert(player.muted, 'the player is muted');
    await waitFor(() => unmuteButton(player) !== null, 'the Unmute button appears');
    assert(isShown(unmuteButton(player)!), 'the Unmute button is visible');
  });

  it('unmutes from the Unmute button', async () => {
    blockAutoplay('sound');
    const player = autoplayPlayer('muted');
    await waitFor(() => unmuteButton(player) !== null, 'the Unmute button appears');
    unmuteButton(player)!.click();
    await player.updateComplete;
    assert(!player.muted, 'the player has sound');
    assertEqual(unmuteButton(player), null, 'Unmute button after the click');
  });

  it('forgets a forced mute for the next title', async () => {
    blockAutoplay('sound');
    const player = autoplayPlayer('muted');
    await nextEvent(player, 'playing');
    HTMLMediaElement.prototype.play = originalPlay;
    player.mediaId = env.uploadId;
    await nextEvent(player, 'cnx-ready');
    await nextEvent(player, 'playing');
    assert(!player.muted, 'the next title plays with sound');
  });

  it('stays paused when fully blocked', async () => {
    blockAutoplay('all');
    const player = autoplayPlayer('muted');
    const error = await nextEvent<CustomEvent>(player, 'cnx-error');
    assertEqual(error.detail.code, 'autoplay_blocked', 'cnx-error code');
    assertEqual(error.detail.fatal, false, 'cnx-error fatal');
    await sleep(500);
    await player.updateComplete;
    assert(player.paused, 'the player is paused');
    assert(isShown(part(player, '[part="big-play-button"]')), 'the big play button is visible');
    assertEqual(player.shadowRoot!.querySelector('[part="loading"]'), null, 'loading indicator');
  });

  it('undoes the mute of a blocked attempt', async () => {
    blockAutoplay('all');
    const player = autoplayPlayer('muted');
    await nextEvent(player, 'cnx-error');
    assert(!player.muted, 'the failed muted attempt is undone');
    await waitFor(() => player.paused, 'the player is paused');
  });
});
