import { clear, createStore, entries } from 'idb-keyval';
import type { CnxPlayer } from '../../src/player/index.js';
import type { ResumeRecord } from '../../src/player/resume/policy.js';
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

// The same database and object store as the player's own store.
const store = createStore('cnx-player', 'resume');

/** Returns the saved record of the demo title, if any. */
async function demoRecord(): Promise<ResumeRecord | undefined> {
  const all = await entries<string, ResumeRecord>(store);
  return all.find(([key]) => key.endsWith(`|${env.demoId}`))?.[1];
}

/** Plays the demo title to `seconds`, pauses, removes the player and waits for its save. */
async function watchAndLeave(seconds: number): Promise<number> {
  const player = createPlayer({ 'media-id': env.demoId });
  await nextEvent(player, 'cnx-ready');
  if (seconds > 6) player.currentTime = seconds - 1;
  await playUntil(player, seconds);
  player.pause();
  const position = player.currentTime;
  player.remove();
  let saved: ResumeRecord | undefined;
  await waitFor(() => {
    void demoRecord().then((record) => (saved = record));
    return saved !== undefined && Math.abs(saved.position - position) < 0.5;
  }, `a record near ${position} s is saved`);
  return position;
}

/** Waits until the player has data at its start position and returns that position. */
async function startPosition(player: CnxPlayer): Promise<number> {
  await waitFor(() => player.readyState >= 2, 'the player has data to play', 15_000);
  await new Promise((resolve) => setTimeout(resolve, 200));
  return player.currentTime;
}

describe('cnx-player resume', () => {
  beforeEach(() => clear(store));
  afterEach(removePlayers);

  it('gives every control an accessible name', async () => {
    const player = createPlayer({ 'media-id': env.demoId });
    await nextEvent(player, 'cnx-ready');
    assertEqual(unnamedControls(player), [], 'controls without a name');
  });

  it('resumes at the position saved in IndexedDB', async () => {
    const saved = await watchAndLeave(6);
    const record = (await demoRecord())!;
    assertEqual(record.completed, false, 'completed flag of the record');
    assert(Math.abs(record.duration - 10) < 0.5, `record duration, got ${record.duration}`);

    performance.clearResourceTimings();
    const player = createPlayer({ 'media-id': env.demoId });
    const resumed = await nextEvent<CustomEvent>(player, 'cnx-resume');
    assertEqual(resumed.detail.source, 'local', 'cnx-resume source');
    assert(Math.abs(resumed.detail.position - saved) < 1, `cnx-resume at ${saved} s`);
    const start = await startPosition(player);
    assert(Math.abs(start - saved) < 1, `starts within 1 s of ${saved} s, got ${start}`);

    // The demo title has 2 s segments, so a position in 6-8 s is in seg_003.
    const segments = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => name.endsWith('.m4s'));
    assert(segments[0]?.endsWith('/seg_003.m4s'), `first segment: ${segments[0]}`);

    await player.updateComplete;
    const notice = part(player, '[part="resume-notice"]');
    assert(notice.textContent!.includes('Resumed at 0:06'), `notice text: ${notice.textContent}`);
    assertEqual(unnamedControls(player), [], 'controls without a name, notice shown');
  });

  it('starts over from the resume notice', async () => {
    await watchAndLeave(6);
    const player = createPlayer({ 'media-id': env.demoId });
    await nextEvent(player, 'cnx-resume');
    await player.updateComplete;
    part(player, '[part="start-over-button"]').click();
    await waitFor(() => player.currentTime < 1, 'the player seeks to 0');
    await waitFor(
      () => player.shadowRoot!.querySelector('[part="resume-notice"]') === null,
      'notice hides',
    );
  });

  it('lets start-time override the saved position', async () => {
    await watchAndLeave(6);
    const player = createPlayer({ 'media-id': env.demoId, 'start-time': '2' });
    let resumed = false;
    player.addEventListener('cnx-resume', () => (resumed = true));
    await nextEvent(player, 'cnx-ready');
    const start = await startPosition(player);
    assert(Math.abs(start - 2) < 1, `starts near 2 s, got ${start}`);
    assert(!resumed, 'no cnx-resume with start-time');
  });

  it('ignores the saved position when resume is off', async () => {
    await watchAndLeave(6);
    const player = createPlayer({ 'media-id': env.demoId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    const start = await startPosition(player);
    assert(start < 1, `starts at 0, got ${start}`);
  });

  it('restarts from zero after completion', async () => {
    await watchAndLeave(9.7);
    const record = (await demoRecord())!;
    assertEqual(record.completed, true, 'completed flag near the end');
    const player = createPlayer({ 'media-id': env.demoId });
    let resumed = false;
    player.addEventListener('cnx-resume', () => (resumed = true));
    await nextEvent(player, 'cnx-ready');
    const start = await startPosition(player);
    assert(start < 1, `starts at 0, got ${start}`);
    assert(!resumed, 'no cnx-resume after completion');
  });
});
