import type { CnxPlayer } from '../../src/player/index.js';
import { VIEW_THRESHOLD_SECONDS } from '../../src/player/views.js';
import {
  assertEqual,
  createPlayer,
  env,
  nextEvent,
  playUntil,
  removePlayers,
  unnamedControls,
  waitFor,
} from './helpers.js';
import { newDevice } from './resume-helpers.js';

/** Returns `views` of the upload from `GET /v2/title/{id}`. */
async function uploadViews(): Promise<number> {
  const response = await fetch(`${env.apiBase}/title/${env.uploadId}`, {
    headers: { authorization: `Bearer ${env.embedKey}` },
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`GET /title/${env.uploadId} returned ${response.status}`);
  return ((await response.json()) as { views: number }).views;
}

/** Returns how many view reports of the upload this page has sent and received a response to. */
function viewReports(): number {
  return performance
    .getEntriesByType('resource')
    .map((entry) => entry as PerformanceResourceTiming)
    .filter((entry) => entry.name.endsWith(`/title/${env.uploadId}/views`) && entry.responseEnd > 0)
    .length;
}

/** Plays the 4 s upload from the start past the view threshold with a new player. */
async function watchUpload(): Promise<CnxPlayer> {
  const player = createPlayer({ 'media-id': env.uploadId, resume: 'off' });
  await nextEvent(player, 'cnx-ready');
  await playUntil(player, VIEW_THRESHOLD_SECONDS + 0.3);
  return player;
}

describe('cnx-player view reporting', () => {
  beforeEach(() => {
    newDevice();
    performance.clearResourceTimings();
  });
  afterEach(removePlayers);

  it('gives every control an accessible name', async () => {
    const player = createPlayer({ 'media-id': env.uploadId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    assertEqual(unnamedControls(player), [], 'controls without a name');
  });

  it('counts a view after three seconds', async () => {
    const before = await uploadViews();
    await watchUpload();
    await waitFor(() => viewReports() === 1, 'the player reports the view');
    assertEqual(await uploadViews(), before + 1, 'views after playback');
  });

  it('reports nothing before the threshold', async () => {
    const player = createPlayer({ 'media-id': env.uploadId, resume: 'off' });
    await nextEvent(player, 'cnx-ready');
    await playUntil(player, VIEW_THRESHOLD_SECONDS - 1);
    player.pause();
    assertEqual(viewReports(), 0, 'view reports before the threshold');
  });

  it('counts one view per hour', async () => {
    await watchUpload();
    await waitFor(() => viewReports() === 1, 'the first player reports the view');
    const afterFirst = await uploadViews();
    removePlayers();
    await watchUpload();
    await waitFor(() => viewReports() === 2, 'the second player reports the view');
    assertEqual(await uploadViews(), afterFirst, 'views after playing again');
  });
});
