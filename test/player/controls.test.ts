import { sendMouse } from '@web/test-runner-commands';
import type { CnxPlayer } from '../../src/player/index.js';
import { parseStoryboard, tileAt } from '../../src/player/controls/storyboard.js';
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
import { sleep } from './requests.js';

async function readyPlayer(mediaId = env.demoId, attributes: Record<string, string> = {}) {
  const player = createPlayer({ 'media-id': mediaId, resume: 'off', ...attributes });
  await nextEvent(player, 'cnx-ready');
  await player.updateComplete;
  return player;
}

/** Opens the menu `name` and returns its items. */
async function openMenu(player: CnxPlayer, name: string): Promise<HTMLElement[]> {
  part(player, `[data-menu="${name}"]`).click();
  await player.updateComplete;
  return Array.from(player.shadowRoot!.querySelectorAll<HTMLElement>('[role="menuitemradio"]'));
}

async function chooseItem(player: CnxPlayer, menu: string, label: string): Promise<void> {
  const items = await openMenu(player, menu);
  const item = items.find((candidate) => candidate.textContent!.trim() === label);
  if (!item) throw new Error(`no ${label} item in the ${menu} menu`);
  item.click();
  await player.updateComplete;
}

/** Moves the pointer over the seek bar at `fraction` of its width. */
async function hoverSeekBar(player: CnxPlayer, fraction: number): Promise<void> {
  const seek = part(player, '.seek');
  const bounds = seek.getBoundingClientRect();
  const clientX = bounds.left + bounds.width * fraction;
  seek.dispatchEvent(
    new PointerEvent('pointermove', { clientX, clientY: bounds.top + 4, bubbles: true }),
  );
  await player.updateComplete;
}

describe('cnx-player controls', () => {
  afterEach(removePlayers);

  it('passes an axe audit while playing', async () => {
    const player = await readyPlayer();
    await playUntil(player, 0.5);
    assertEqual(await auditPlayer(player), [], 'axe violations');
  });

  it('starts from the big play button', async () => {
    const player = await readyPlayer();
    part(player, '[part="big-play-button"]').click();
    await waitFor(() => !player.paused, 'playback starts');
  });

  it('pauses from the play button', async () => {
    const player = await readyPlayer();
    await playUntil(player, 0.5);
    await player.updateComplete;
    const button = part(player, '[part~="play-button"]');
    assertEqual(button.getAttribute('aria-label'), 'Pause', 'label while playing');
    button.click();
    await waitFor(() => player.paused, 'playback pauses');
  });

  it('draws the buffered ranges', async () => {
    const player = await readyPlayer();
    await playUntil(player, 1);
    await player.updateComplete;
    const ranges = player.shadowRoot!.querySelectorAll<HTMLElement>('[part="seek-buffered"]');
    assert(ranges.length > 0, 'at least one buffered range is drawn');
    assert(parseFloat(ranges[0]!.style.width) > 0, `range width ${ranges[0]!.style.width}`);
  });

  it('shows the hover time', async () => {
    const player = await readyPlayer();
    await hoverSeekBar(player, 0.5);
    const time = part(player, '[part="seek-preview-time"]');
    assertEqual(time.textContent!.trim(), '0:05', 'time under the pointer');
  });

  it('shows the storyboard tile on hover', async () => {
    const player = await readyPlayer();
    await hoverSeekBar(player, 0.5);
    await waitFor(
      () => player.shadowRoot!.querySelector('[part="seek-preview-image"]') !== null,
      'a tile',
    );
    const image = part(player, '[part="seek-preview-image"]');
    assert(
      /storyboard\.jpg/.test(image.style.backgroundImage),
      `image ${image.style.backgroundImage}`,
    );
  });

  it('hides the preview when the pointer leaves', async () => {
    const player = await readyPlayer();
    await hoverSeekBar(player, 0.5);
    part(player, '.seek').dispatchEvent(new PointerEvent('pointerleave'));
    await player.updateComplete;
    assertEqual(player.shadowRoot!.querySelector('[part="seek-preview"]'), null, 'preview');
  });

  it('shows the time and duration', async () => {
    const player = await readyPlayer(env.demoId, { 'start-time': '3' });
    await waitFor(() => player.currentTime >= 3, 'start at 3 s');
    await player.updateComplete;
    assertEqual(part(player, '[part="current-time"]').textContent, '0:03', 'position');
    assertEqual(part(player, '[part="duration"]').textContent, '0:10', 'duration');
  });

  it('sets the volume from its slider', async () => {
    const player = await readyPlayer();
    const slider = part<HTMLInputElement>(player, '[part="volume-slider"]');
    slider.value = '40';
    slider.dispatchEvent(new Event('input'));
    assertEqual(player.volume, 0.4, 'volume');
    assert(!player.muted, 'raising the volume unmutes');
  });

  it('mutes from the mute button', async () => {
    const player = await readyPlayer();
    player.muted = false;
    await player.updateComplete;
    part(player, '[part~="mute-button"]').click();
    assert(player.muted, 'the player is muted');
  });

  it('labels Auto with the rung in use', async () => {
    const player = await readyPlayer(env.uploadId);
    await playUntil(player, 0.5);
    await player.updateComplete;
    const items = await openMenu(player, 'quality');
    const label = items[0]!.textContent!.trim();
    assert(/^Auto \((360|540)p\)$/.test(label), `Auto item label ${label}`);
  });

  it('keeps subtitles off across seeks', async () => {
    const player = await readyPlayer();
    await chooseItem(player, 'subtitles', 'English');
    await chooseItem(player, 'subtitles', 'Off');
    player.currentTime = 6;
    await nextEvent(player, 'seeked');
    await sleep(300);
    assertEqual(player.playbackEngine!.subtitleTrack, -1, 'subtitle track after a seek');
  });

  it('keeps subtitles off across quality switches', async () => {
    const player = await readyPlayer();
    await chooseItem(player, 'subtitles', 'Off');
    const engine = player.playbackEngine!;
    for (const level of engine.levels) {
      engine.setLevel(level.index);
      await sleep(300);
      assertEqual(engine.subtitleTrack, -1, `subtitle track at ${level.height}p`);
    }
  });

  it('sets the rate from the speed menu', async () => {
    const player = await readyPlayer();
    await chooseItem(player, 'speed', '1.5×');
    assertEqual(player.playbackRate, 1.5, 'playbackRate');
  });

  it('offers picture-in-picture where supported', async () => {
    const player = await readyPlayer();
    const button = player.shadowRoot!.querySelector('[part~="pip-button"]');
    assertEqual(button !== null, document.pictureInPictureEnabled, 'pip button presence');
  });

  it('toggles fullscreen from its button', async () => {
    const player = await readyPlayer();
    // A real click, because browsers grant fullscreen only on a user gesture.
    const bounds = part(player, '[part~="fullscreen-button"]').getBoundingClientRect();
    const position: [number, number] = [
      Math.round(bounds.left + bounds.width / 2),
      Math.round(bounds.top + bounds.height / 2),
    ];
    await sendMouse({ type: 'click', position });
    await waitFor(() => document.fullscreenElement === player, 'fullscreen starts');
    await document.exitFullscreen();
  });

  it('shows the loading indicator while loading', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await player.updateComplete;
    part(player, '[part="loading"]');
  });

  it('hides the controls while playing idle', async () => {
    const player = await readyPlayer();
    await playUntil(player, 0.2);
    await waitFor(() => player.hasAttribute('data-idle'), 'data-idle is set', 5000);
    const bar = part(player, '[part="control-bar"]');
    // The bar fades out over 0.25 s.
    await waitFor(() => getComputedStyle(bar).opacity === '0', 'the control bar is transparent');
  });

  it('shows the controls on pointer move', async () => {
    const player = await readyPlayer();
    await playUntil(player, 0.2);
    await waitFor(() => player.hasAttribute('data-idle'), 'data-idle is set', 5000);
    player.dispatchEvent(new PointerEvent('pointermove', { bubbles: true }));
    assert(!player.hasAttribute('data-idle'), 'controls are shown');
  });

  it('shows the controls on focus', async () => {
    const player = await readyPlayer();
    await playUntil(player, 0.2);
    await waitFor(() => player.hasAttribute('data-idle'), 'data-idle is set', 5000);
    part(player, '[part~="play-button"]').focus();
    assert(!player.hasAttribute('data-idle'), 'controls are shown');
  });

  it('shows the controls on pause', async () => {
    const player = await readyPlayer();
    await playUntil(player, 0.2);
    await waitFor(() => player.hasAttribute('data-idle'), 'data-idle is set', 5000);
    player.pause();
    await nextEvent(player, 'pause');
    assert(!player.hasAttribute('data-idle'), 'controls are shown');
  });
});

describe('storyboard index', () => {
  const index =
    'WEBVTT\n\n00:00.000 --> 00:02.000\nstoryboard.jpg#xywh=0,0,160,90\n\n00:02.000 --> 00:04.000\nstoryboard.jpg#xywh=160,0,160,90\n';
  const base = 'http://127.0.0.1/v2/media/abc/token/storyboard.vtt';

  it('parses tiles with their rectangles', () => {
    const tiles = parseStoryboard(index, base);
    assertEqual(tiles.length, 2, 'tiles');
    assertEqual(
      [tiles[1]!.x, tiles[1]!.y, tiles[1]!.width, tiles[1]!.height],
      [160, 0, 160, 90],
      'rectangle',
    );
  });

  it('resolves sprites against the index', () => {
    const [tile] = parseStoryboard(index, base);
    assertEqual(tile!.url, 'http://127.0.0.1/v2/media/abc/token/storyboard.jpg', 'sprite URL');
  });

  it('finds the tile of a position', () => {
    const tiles = parseStoryboard(index, base);
    assertEqual(tileAt(tiles, 2.5)?.x, 160, 'x of the tile at 2.5 s');
  });

  it('skips cues without a fragment', () => {
    assertEqual(
      parseStoryboard('WEBVTT\n\n00:00.000 --> 00:02.000\nimage.jpg\n', base),
      [],
      'tiles',
    );
  });
});
