import { sendKeys } from '@web/test-runner-commands';
import type { CnxPlayer } from '../../src/player/index.js';
import { auditPlayer } from './audit.js';
import {
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

async function readyPlayer(mediaId = env.demoId): Promise<CnxPlayer> {
  const player = createPlayer({ 'media-id': mediaId, resume: 'off' });
  await nextEvent(player, 'cnx-ready');
  await player.updateComplete;
  return player;
}

/** Returns the text of the player's polite live region. */
function announcement(player: CnxPlayer): string {
  return part(player, '[role="status"][aria-live="polite"]').textContent!.trim();
}

async function waitForAnnouncement(player: CnxPlayer, expected: string): Promise<void> {
  await waitFor(() => announcement(player) === expected, `announcement "${expected}"`, 5000);
}

describe('cnx-player accessibility', () => {
  afterEach(removePlayers);

  it('passes an axe audit while idle', async () => {
    const player = await readyPlayer();
    assertEqual(await auditPlayer(player), [], 'axe violations');
  });

  it('passes an axe audit while playing', async () => {
    const player = await readyPlayer();
    await playUntil(player, 0.5);
    assertEqual(await auditPlayer(player), [], 'axe violations');
  });

  it('passes an axe audit with a menu open', async () => {
    const player = await readyPlayer(env.uploadId);
    for (const name of ['quality', 'speed']) {
      part(player, `[data-menu="${name}"]`).click();
      assertEqual(await auditPlayer(player), [], `axe violations, ${name} menu open`);
      part(player, `[data-menu="${name}"]`).click();
    }
  });

  it('passes an axe audit with the subtitles menu open', async () => {
    const player = await readyPlayer();
    part(player, '[data-menu="subtitles"]').click();
    assertEqual(await auditPlayer(player), [], 'axe violations');
  });

  it('passes an axe audit on error', async () => {
    const player = createPlayer({ 'media-id': 'unknownTitle000' });
    await nextEvent(player, 'cnx-error');
    assertEqual(await auditPlayer(player), [], 'axe violations');
  });

  it('names every control', async () => {
    const player = await readyPlayer();
    assertEqual(unnamedControls(player), [], 'controls without a name');
  });

  it('reads the seek position as text', async () => {
    const player = await readyPlayer();
    player.currentTime = 3;
    await nextEvent(player, 'seeked');
    await player.updateComplete;
    const seek = part(player, '[part="seek-bar"]');
    assertEqual(seek.getAttribute('aria-valuetext'), '0:03 of 0:10', 'seek bar aria-valuetext');
  });

  it('reads the volume as a percentage', async () => {
    const player = await readyPlayer();
    player.muted = false;
    player.volume = 0.8;
    await nextEvent(player, 'volumechange');
    await player.updateComplete;
    const slider = part(player, '[part="volume-slider"]');
    assertEqual(slider.getAttribute('aria-valuetext'), '80%', 'volume slider aria-valuetext');
  });

  it('shows a focus outline from the keyboard', async () => {
    const player = await readyPlayer();
    player.focus();
    await sendKeys({ press: 'Tab' });
    const focused = player.shadowRoot!.activeElement as HTMLElement;
    assertEqual(
      focused?.matches(':focus-visible'),
      true,
      'the focused control matches :focus-visible',
    );
    assertEqual(getComputedStyle(focused).outlineStyle, 'solid', 'outline style');
  });

  it('announces playing and paused', async () => {
    const player = await readyPlayer();
    await player.play();
    await waitForAnnouncement(player, 'Playing');
    player.pause();
    await waitForAnnouncement(player, 'Paused');
  });

  it('announces mute changes', async () => {
    const player = await readyPlayer();
    player.muted = false;
    await waitForAnnouncement(player, 'Unmuted');
    player.muted = true;
    await waitForAnnouncement(player, 'Muted');
  });

  it('announces a quality change', async () => {
    const player = await readyPlayer(env.uploadId);
    part(player, '[data-menu="quality"]').click();
    await player.updateComplete;
    const items = player.shadowRoot!.querySelectorAll<HTMLElement>('[role="menuitemradio"]');
    Array.from(items)
      .find((item) => item.textContent!.trim() === '360p')!
      .click();
    await waitForAnnouncement(player, 'Quality 360p');
  });

  it('announces captions on and off', async () => {
    const player = await readyPlayer();
    player.focus();
    await waitFor(() => (player.playbackEngine?.subtitleTracks.length ?? 0) > 0, 'subtitle tracks');
    await sendKeys({ press: 'c' });
    await waitFor(() => announcement(player).startsWith('Captions on'), 'captions on announced');
    await sendKeys({ press: 'c' });
    await waitForAnnouncement(player, 'Captions off');
  });

  it('announces the seek position', async () => {
    const player = await readyPlayer();
    await playUntil(player, 0.2);
    player.currentTime = 4;
    await waitForAnnouncement(player, '0:04 of 0:10');
  });
});
