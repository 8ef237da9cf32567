import type { CnxPlayer } from '../../src/player/index.js';
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

/** Returns the video's subtitle text track that is showing, if any. */
function showingTrack(player: CnxPlayer): TextTrack | undefined {
  const video = part<HTMLVideoElement>(player, 'video');
  return Array.from(video.textTracks).find((track) => track.mode === 'showing');
}

/** Waits for the subtitles menu, opens it and returns its items. */
async function openSubtitlesMenu(player: CnxPlayer): Promise<HTMLElement[]> {
  await waitFor(
    () => player.shadowRoot!.querySelector('[data-menu="subtitles"]') !== null,
    'the subtitles menu button appears',
  );
  part(player, '[data-menu="subtitles"]').click();
  await player.updateComplete;
  return Array.from(player.shadowRoot!.querySelectorAll<HTMLElement>('[role="menuitemradio"]'));
}

describe('cnx-player subtitles', () => {
  afterEach(removePlayers);

  it('gives every control an accessible name', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    await openSubtitlesMenu(player);
    assertEqual(unnamedControls(player), [], 'controls without a name');
  });

  it('lists en, es and fr in the subtitles menu', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    const ready = await nextEvent<CustomEvent>(player, 'cnx-ready');
    assertEqual([...ready.detail.subtitles].sort(), ['en', 'es', 'fr'], 'embed subtitles');
    const items = await openSubtitlesMenu(player);
    assertEqual(items.length, 4, 'Off plus three languages');
    assertEqual(items[0]!.textContent!.trim(), 'Off', 'first item');
    assertEqual(items[0]!.getAttribute('aria-checked'), 'true', 'Off is checked at start');
    const languages = player.playbackEngine!.subtitleTracks.map((track) => track.language);
    assertEqual([...languages].sort(), ['en', 'es', 'fr'], 'engine subtitle languages');
    const labels = items.slice(1).map((item) => item.textContent!.trim());
    assert(labels.includes('English'), `an item is labelled English, got ${labels.join(', ')}`);
  });

  it('shows English cues after selecting English', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    const items = await openSubtitlesMenu(player);
    const change = nextEvent<CustomEvent>(player, 'cnx-subtitles-change');
    items.find((item) => item.textContent!.trim() === 'English')!.click();
    assertEqual((await change).detail.language, 'en', 'cnx-subtitles-change language');

    await player.play();
    await waitFor(() => (showingTrack(player)?.cues?.length ?? 0) > 0, 'English cues load', 8000);
    const track = showingTrack(player)!;
    assertEqual(track.language, 'en', 'language of the showing track');

    const first = track.cues![0]!;
    player.currentTime = (first.startTime + first.endTime) / 2;
    await waitFor(() => (track.activeCues?.length ?? 0) > 0, 'a cue becomes active', 8000);
  });

  it('selects the captions attribute language at start', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off', captions: 'fr' });
    const change = nextEvent<CustomEvent>(player, 'cnx-subtitles-change');
    assertEqual((await change).detail.language, 'fr', 'cnx-subtitles-change language');
    await player.updateComplete;
    const button = part(player, '[data-menu="subtitles"]');
    assert(button.textContent!.includes('FR'), `button shows FR, got ${button.textContent}`);
  });

  it('draws cues above the visible control bar', async () => {
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off', captions: 'en' });
    await nextEvent(player, 'cnx-ready');
    await player.play();
    await waitFor(() => (showingTrack(player)?.cues?.length ?? 0) > 0, 'English cues load', 8000);
    const track = showingTrack(player)!;
    const first = track.cues![0]!;
    player.currentTime = (first.startTime + first.endTime) / 2;
    player.pause();
    await waitFor(() => (track.activeCues?.length ?? 0) > 0, 'a cue becomes active', 8000);
    await player.updateComplete;
    assert(!player.hasAttribute('data-idle'), 'the controls show while paused');

    // The cue box lives in the video's closed user-agent shadow root, so the test checks the
    // rule that moves it and the distance that rule reads instead of the box itself.
    const video = part<HTMLVideoElement>(player, 'video');
    const bar = part(player, '.control-bar');
    const lift = getComputedStyle(video).getPropertyValue('--_captions-lift').trim();
    assertEqual(lift, `${bar.offsetHeight}px`, 'lift is the control bar height');
    assert(bar.offsetHeight > 0, `the control bar has a height, got ${bar.offsetHeight}`);
    const rules = player.shadowRoot!.adoptedStyleSheets.flatMap((sheet) =>
      Array.from(sheet.cssRules).filter((rule) => rule instanceof CSSStyleRule),
    );
    const liftRule = rules.find(
      (rule) =>
        rule.selectorText.includes('::-webkit-media-text-track-container') &&
        rule.style.translate.includes('--_captions-lift'),
    );
    assert(liftRule !== undefined, 'a parsed rule translates the cue container by the lift');
    assert(
      liftRule.selectorText.includes(':not([data-idle])'),
      `the rule applies only while the controls show, got ${liftRule.selectorText}`,
    );
    const cueBottom = video.getBoundingClientRect().bottom - bar.offsetHeight;
    const barTop = bar.getBoundingClientRect().top;
    assert(cueBottom <= barTop + 0.5, `cue bottom ${cueBottom} is above the bar top ${barTop}`);
  });

  it('drops the lift with the control bar', async () => {
    const player = createPlayer({ 'media-id': 'unknownTitle000' });
    await nextEvent(player, 'cnx-error');
    await player.updateComplete;
    const video = part<HTMLVideoElement>(player, 'video');
    const lift = getComputedStyle(video).getPropertyValue('--_captions-lift').trim();
    assertEqual(lift, '0px', 'lift while the error panel replaces the bar');
  });
});
