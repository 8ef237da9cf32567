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
} from './helpers.js';

/** Parts that every loaded player renders, and that docs/player/css.md lists. */
const CONTROL_PARTS = [
  'video',
  'control-bar',
  'big-play-button',
  'play-button',
  'seek',
  'seek-bar',
  'mute-button',
  'volume-slider',
  'current-time',
  'duration',
  'speed-button',
  'fullscreen-button',
];

async function readyPlayer(mediaId = env.uploadId): Promise<CnxPlayer> {
  const player = createPlayer({ 'media-id': mediaId, resume: 'off' });
  await nextEvent(player, 'cnx-ready');
  await player.updateComplete;
  return player;
}

function partNames(player: CnxPlayer): Set<string> {
  const names = new Set<string>();
  for (const element of player.shadowRoot!.querySelectorAll('[part]')) {
    for (const name of element.getAttribute('part')!.split(/\s+/)) names.add(name);
  }
  return names;
}

describe('cnx-player theming', () => {
  afterEach(() => {
    removePlayers();
    document.getElementById('theme')?.remove();
  });

  it('passes an axe audit with a theme', async () => {
    const player = await readyPlayer();
    player.style.setProperty('--cnx-accent-color', 'rgb(250, 204, 21)');
    assertEqual(await auditPlayer(player), [], 'axe violations');
  });

  it('colors the played range with the accent', async () => {
    const player = await readyPlayer();
    player.style.setProperty('--cnx-accent-color', 'rgb(255, 0, 0)');
    const played = part(player, '.seek-played');
    assertEqual(getComputedStyle(played).backgroundColor, 'rgb(255, 0, 0)', 'played range color');
  });

  it('sets the control bar background', async () => {
    const player = await readyPlayer();
    player.style.setProperty('--cnx-control-bar-background', 'rgb(0, 0, 255)');
    const bar = part(player, '[part="control-bar"]');
    assertEqual(getComputedStyle(bar).backgroundColor, 'rgb(0, 0, 255)', 'control bar background');
  });

  it('sets the font family', async () => {
    const player = await readyPlayer();
    player.style.setProperty('--cnx-font-family', 'monospace');
    const time = part(player, '[part="time"]');
    assertEqual(getComputedStyle(time).fontFamily, 'monospace', 'font family of the time');
  });

  it('names each control as a part', async () => {
    const player = await readyPlayer();
    const names = partNames(player);
    const missing = CONTROL_PARTS.filter((name) => !names.has(name));
    assertEqual(missing, [], 'parts missing from the shadow root');
  });

  it('names the quality menu as a part', async () => {
    const player = await readyPlayer();
    part(player, '[data-menu="quality"]').click();
    await player.updateComplete;
    assert(partNames(player).has('quality-menu'), 'quality-menu part while open');
  });

  it('styles parts from the page', async () => {
    const style = document.createElement('style');
    style.id = 'theme';
    style.textContent = 'cnx-player::part(play-button) { color: rgb(0, 128, 0); }';
    document.head.append(style);
    const player = await readyPlayer();
    const button = part(player, '[part~="play-button"]');
    assertEqual(getComputedStyle(button).color, 'rgb(0, 128, 0)', 'play button color');
  });

  it('places slotted buttons in the bar', async () => {
    const player = await readyPlayer();
    const button = document.createElement('button');
    button.slot = 'controls-end';
    button.textContent = 'Share';
    player.append(button);
    const slot = part<HTMLSlotElement>(player, 'slot[name="controls-end"]');
    assertEqual(slot.assignedElements(), [button], 'elements assigned to controls-end');
    assert(part(player, '[part="control-bar"]').contains(slot), 'the slot is in the control bar');
  });

  it('documents every part', async () => {
    const response = await fetch('/docs/player/css.md');
    const text = await response.text();
    const player = await readyPlayer(env.demoId);
    const undocumented = [...partNames(player)].filter((name) => !text.includes(`\`${name}\``));
    assertEqual(undocumented, [], 'parts missing from docs/player/css.md');
  });
});
