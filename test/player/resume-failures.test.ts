// Broken local storage is simulated two ways, both stand-ins for browser
// APIs: an idb-keyval store injected with setResumeStore (rejecting, never
// responding, responding late), and a replaced window.indexedDB (missing,
// throwing on open) under a fresh default store.
import { clear, createStore, type UseStore } from 'idb-keyval';
import type { CnxPlayer } from '../../src/player/index.js';
import type { ResumeRecord } from '../../src/player/resume/policy.js';
import { setResumeStore } from '../../src/player/resume/store.js';
import {
  assert,
  assertEqual,
  createPlayer,
  env,
  nextEvent,
  removePlayers,
  unnamedControls,
  waitFor,
} from './helpers.js';
import {
  localStore,
  newDevice,
  startPosition,
  waitForServerRecord,
  writeLocalRecord,
} from './resume-helpers.js';

/** Time within which playback must start whatever the local store does, in milliseconds. */
const START_BUDGET_MS = 2000;

const realIndexedDB = window.indexedDB;

function replaceIndexedDB(value: unknown): void {
  Object.defineProperty(window, 'indexedDB', { value, configurable: true });
  // A new default store, so the replacement is used instead of an open connection.
  setResumeStore(undefined);
}

/** Creates an autoplaying player of the demo title and resolves the milliseconds until `playing`. */
async function timeToPlaying(attributes: Record<string, string> = {}) {
  const started = performance.now();
  const player = createPlayer({ 'media-id': env.demoId, autoplay: '', ...attributes });
  await nextEvent(player, 'playing', 10_000);
  return { player, ms: performance.now() - started };
}

/** Plays past 3 s, pauses, and waits for the server to store the position. */
async function assertServerSync(player: CnxPlayer): Promise<void> {
  await waitFor(() => player.currentTime > 3, 'playback passes 3 s');
  player.pause();
  const paused = player.currentTime;
  await waitForServerRecord(
    env.demoId,
    (stored) => Math.abs(stored.position - paused) < 0.5,
    `the server stores a position near ${paused} s`,
  );
}

function record(position: number, duration = 10): ResumeRecord {
  return { position, duration, updatedAt: Date.now(), completed: false };
}

describe('cnx-player with failing local storage', () => {
  const rejections: unknown[] = [];
  const onRejection = (event: PromiseRejectionEvent) => rejections.push(event.reason);

  beforeEach(async () => {
    await clear(localStore);
    newDevice();
    rejections.length = 0;
    window.addEventListener('unhandledrejection', onRejection);
  });
  afterEach(() => {
    window.removeEventListener('unhandledrejection', onRejection);
    Object.defineProperty(window, 'indexedDB', { value: realIndexedDB, configurable: true });
    setResumeStore(undefined);
    removePlayers();
  });

  it('gives every control an accessible name', async () => {
    setResumeStore(() => Promise.reject(new DOMException('broken', 'UnknownError')));
    const { player } = await timeToPlaying();
    await player.updateComplete;
    assertEqual(unnamedControls(player), [], 'controls without a name');
  });

  const broken: [string, () => void][] = [
    ['missing', () => replaceIndexedDB(undefined)],
    [
      'throwing on open',
      () =>
        replaceIndexedDB({
          open() {
            throw new DOMException('IndexedDB is disabled', 'SecurityError');
          },
        }),
    ],
    [
      'rejecting',
      () => setResumeStore(() => Promise.reject(new DOMException('broken', 'UnknownError'))),
    ],
    ['never responding', () => setResumeStore(() => new Promise<never>(() => {}))],
  ];

  for (const [name, breakStore] of broken) {
    it(`plays with IndexedDB ${name}`, async () => {
      breakStore();
      const { ms } = await timeToPlaying();
      assert(ms < START_BUDGET_MS, `playing after ${Math.round(ms)} ms`);
    });

    it(`syncs with IndexedDB ${name}`, async () => {
      breakStore();
      const { player } = await timeToPlaying();
      await assertServerSync(player);
      // Rejections surface a task after they happen.
      await new Promise((resolve) => setTimeout(resolve, 100));
      assertEqual(rejections.map(String), [], 'unhandled rejections');
    });
  }

  it('ignores a late local read', async () => {
    await writeLocalRecord(env.demoId, record(6));
    const real: UseStore = createStore('cnx-player', 'resume');
    const readDelayMs = 3000;
    setResumeStore((mode, callback) =>
      new Promise((resolve) => setTimeout(resolve, readDelayMs)).then(() => real(mode, callback)),
    );
    const { player } = await timeToPlaying();
    await new Promise((resolve) => setTimeout(resolve, readDelayMs));
    assert(player.currentTime < 5, `position after the late read: ${player.currentTime}`);
  });

  const unusable: [string, ResumeRecord][] = [
    ['at the duration', record(10)],
    ['past the duration', record(999)],
    ['NaN', record(NaN)],
    ['negative', record(-5)],
    ['with an infinite duration', record(30, Infinity)],
  ];

  for (const [name, stored] of unusable) {
    it(`starts at zero with a position ${name}`, async () => {
      await writeLocalRecord(env.demoId, stored);
      const player = createPlayer({ 'media-id': env.demoId });
      await nextEvent(player, 'cnx-ready');
      const start = await startPosition(player);
      assert(start < 1, `starts at 0, got ${start}`);
    });
  }

  it('plays on after a position past the end', async () => {
    await writeLocalRecord(env.demoId, record(999));
    const { player } = await timeToPlaying();
    await waitFor(() => player.currentTime > 1, 'playback advances past 1 s', 5000);
  });
});
