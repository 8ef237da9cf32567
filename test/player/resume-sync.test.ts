import { clear } from 'idb-keyval';
import { queuedWriteCount } from '../../src/player/resume/sync.js';
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
import {
  localRecord,
  localStore,
  newDevice,
  serverRecord,
  startPosition,
  waitForServerRecord,
  writeLocalRecord,
  writeServerRecord,
} from './resume-helpers.js';

const DEMO_DURATION = 10;

/** Plays the demo title past `seconds` with a new player and pauses it there. */
async function watchDemo(seconds: number) {
  const player = createPlayer({ 'media-id': env.demoId });
  await nextEvent(player, 'cnx-ready');
  await playUntil(player, seconds);
  player.pause();
  return player;
}

describe('cnx-player resume sync', () => {
  const realFetch = window.fetch;

  beforeEach(async () => {
    await clear(localStore);
    newDevice();
  });
  afterEach(() => {
    window.fetch = realFetch;
    removePlayers();
  });

  it('gives every control an accessible name', async () => {
    await writeServerRecord(env.demoId, 6, DEMO_DURATION);
    const player = createPlayer({ 'media-id': env.demoId, resume: 'prompt' });
    await nextEvent(player, 'cnx-ready');
    await player.updateComplete;
    assertEqual(unnamedControls(player), [], 'controls without a name, prompt shown');
  });

  it('writes the position on pause', async () => {
    const player = await watchDemo(3);
    const paused = player.currentTime;
    const record = await waitForServerRecord(
      env.demoId,
      (stored) => Math.abs(stored.position - paused) < 0.5,
      `the server stores a position near ${paused} s`,
    );
    assert(Math.abs(record.duration - DEMO_DURATION) < 0.5, `duration ${record.duration}`);
  });

  it('resumes from the server record', async () => {
    await writeServerRecord(env.demoId, 6, DEMO_DURATION);
    const player = createPlayer({ 'media-id': env.demoId });
    const resumed = await nextEvent<CustomEvent>(player, 'cnx-resume');
    assertEqual(resumed.detail.source, 'server', 'cnx-resume source');
    const start = await startPosition(player);
    assert(Math.abs(start - 6) < 1, `starts within 1 s of 6 s, got ${start}`);
  });

  it('prefers a newer server record', async () => {
    const now = Date.now();
    await writeLocalRecord(env.demoId, {
      position: 3,
      duration: DEMO_DURATION,
      updatedAt: now - 120_000,
      completed: false,
    });
    await writeServerRecord(env.demoId, 6, DEMO_DURATION);
    const player = createPlayer({ 'media-id': env.demoId });
    const resumed = await nextEvent<CustomEvent>(player, 'cnx-resume');
    assertEqual(resumed.detail, { position: 6, source: 'server' }, 'cnx-resume detail');
  });

  it('prefers a newer local record', async () => {
    await writeServerRecord(env.demoId, 6, DEMO_DURATION, 120_000);
    await writeLocalRecord(env.demoId, {
      position: 3,
      duration: DEMO_DURATION,
      updatedAt: Date.now(),
      completed: false,
    });
    const player = createPlayer({ 'media-id': env.demoId });
    const resumed = await nextEvent<CustomEvent>(player, 'cnx-resume');
    assertEqual(resumed.detail, { position: 3, source: 'local' }, 'cnx-resume detail');
  });

  it('uploads a newer local record', async () => {
    await writeServerRecord(env.demoId, 6, DEMO_DURATION, 120_000);
    await writeLocalRecord(env.demoId, {
      position: 3,
      duration: DEMO_DURATION,
      updatedAt: Date.now(),
      completed: false,
    });
    createPlayer({ 'media-id': env.demoId });
    await waitForServerRecord(
      env.demoId,
      (stored) => stored.position === 3,
      'the server takes the local record at 3 s',
    );
  });

  it('queues failed writes until online', async () => {
    const player = createPlayer({ 'media-id': env.demoId });
    await nextEvent(player, 'cnx-ready');
    // A stand-in for a lost connection: every resume write fails as fetch does offline.
    window.fetch = (input, init) => {
      if (init?.method === 'PUT') return Promise.reject(new TypeError('Failed to fetch'));
      return realFetch(input, init);
    };
    await playUntil(player, 3);
    player.pause();
    await waitFor(() => queuedWriteCount() > 0, 'a failed write is queued');
    assertEqual(await serverRecord(env.demoId), null, 'server record while offline');

    window.fetch = realFetch;
    window.dispatchEvent(new Event('online'));
    const paused = player.currentTime;
    await waitForServerRecord(
      env.demoId,
      (stored) => Math.abs(stored.position - paused) < 0.5,
      `the queued write near ${paused} s reaches the server`,
    );
    assertEqual(queuedWriteCount(), 0, 'queued writes after going online');
  });

  it('sends the page hide write with keepalive', async () => {
    const player = await watchDemo(3);
    const keepalive: boolean[] = [];
    window.fetch = (input, init) => {
      if (init?.method === 'PUT') keepalive.push(init.keepalive === true);
      return realFetch(input, init);
    };
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    assertEqual(keepalive, [true], 'keepalive of the writes on page hide');
    assert(player.paused, 'the player stays paused');
  });

  it('starts over at zero on both stores', async () => {
    await writeServerRecord(env.demoId, 6, DEMO_DURATION);
    const player = createPlayer({ 'media-id': env.demoId });
    await nextEvent(player, 'cnx-resume');
    await player.updateComplete;
    part(player, '[part="start-over-button"]').click();
    await waitFor(() => player.currentTime < 1, 'the player seeks to 0');
    await waitForServerRecord(env.demoId, (stored) => stored.position === 0, 'server at 0 s');
    let local: number | undefined;
    await waitFor(() => {
      void localRecord(env.demoId).then((record) => (local = record?.position));
      return local === 0;
    }, 'local record at 0 s');
  });

  it('asks first with resume prompt', async () => {
    await writeServerRecord(env.demoId, 6, DEMO_DURATION);
    const player = createPlayer({ 'media-id': env.demoId, resume: 'prompt', autoplay: '' });
    let resumed = false;
    player.addEventListener('cnx-resume', () => (resumed = true));
    await nextEvent(player, 'cnx-ready');
    await player.updateComplete;
    const notice = part(player, '[part="resume-notice"]');
    assert(notice.textContent!.includes('Resume from 0:06?'), `notice: ${notice.textContent}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert(player.paused, 'playback waits for the answer');
    assert(player.currentTime < 1, `position before the answer: ${player.currentTime}`);
    assert(!resumed, 'no cnx-resume before the answer');
  });

  it('resumes after the prompt answer', async () => {
    await writeServerRecord(env.demoId, 6, DEMO_DURATION);
    const player = createPlayer({ 'media-id': env.demoId, resume: 'prompt', autoplay: '' });
    await nextEvent(player, 'cnx-ready');
    await player.updateComplete;
    part(player, '[part="resume-button"]').click();
    await waitFor(() => !player.paused && player.currentTime > 6, 'playback runs from 6 s');
  });

  it('starts over after the prompt answer', async () => {
    await writeServerRecord(env.demoId, 6, DEMO_DURATION);
    const player = createPlayer({ 'media-id': env.demoId, resume: 'prompt', autoplay: '' });
    await nextEvent(player, 'cnx-ready');
    await player.updateComplete;
    part(player, '[part="start-over-button"]').click();
    await waitFor(() => !player.paused && player.currentTime > 0.5, 'playback runs');
    assert(player.currentTime < 3, `plays from the start, at ${player.currentTime}`);
    await waitForServerRecord(env.demoId, (stored) => stored.position === 0, 'server at 0 s');
  });
});
