import {
  decideStart,
  isResumeRecord,
  mergeResume,
  parseResumeMode,
  recordFor,
  startOverRecord,
  type ResumeRecord,
  type ServerResume,
  type StartInputs,
} from '../../src/player/resume/policy.js';
import { assert, assertEqual } from './helpers-pure.js';
import { viewerId } from '../../src/player/resume/viewer.js';

const NOW = 1_700_000_000_000;

function record(position: number, completed = false, updatedAt = NOW): ResumeRecord {
  return { position, duration: 600, updatedAt, completed };
}

function server(position: number, updatedAt: number | undefined = NOW, completed = false) {
  return { position, updatedAt, completed } satisfies ServerResume;
}

function inputs(overrides: Partial<StartInputs>): StartInputs {
  return {
    mode: 'auto',
    startTime: null,
    titleAllowsResume: true,
    local: undefined,
    server: undefined,
    clockOffsetMs: 0,
    duration: 600,
    ...overrides,
  };
}

describe('resume policy', () => {
  it('saves nothing in the first 2 seconds', () => {
    assertEqual(recordFor(0, 600, NOW), null, 'record at 0 s');
    assertEqual(recordFor(1.9, 600, NOW), null, 'record at 1.9 s');
    assert(recordFor(2, 600, NOW) !== null, 'a record at 2 s is saved');
  });

  it('marks positions near the end completed', () => {
    assertEqual(recordFor(120, 600, NOW)?.completed, false, 'completed at 120 of 600 s');
    assertEqual(recordFor(591, 600, NOW)?.completed, true, 'completed at 591 of 600 s');
    // 5 % of a 10 s title is 0.5 s, shorter than 10 s.
    assertEqual(recordFor(9.6, 10, NOW)?.completed, true, 'completed at 9.6 of 10 s');
    assertEqual(recordFor(9, 10, NOW)?.completed, false, 'completed at 9 of 10 s');
  });

  it('stores an unknown duration as 0', () => {
    const expected = { position: 30, duration: 0, updatedAt: NOW, completed: false };
    assertEqual(recordFor(30, NaN, NOW), expected, 'record with NaN duration');
  });

  it('stores nothing for a live stream', () => {
    assertEqual(recordFor(30, Infinity, NOW), null, 'record with infinite duration');
  });

  it('saves position zero on start over', () => {
    const expected = { position: 0, duration: 600, updatedAt: NOW, completed: false };
    assertEqual(startOverRecord(600, NOW), expected, 'start over record');
  });

  it('starts at the newer local position', () => {
    const decision = decideStart(
      inputs({ local: record(42, false, NOW + 60_000), server: server(80, NOW) }),
    );
    assertEqual(decision.resume, { position: 42, source: 'local' }, 'resume');
    assertEqual(decision.position, 42, 'start position');
  });

  it('starts at the newer server position', () => {
    const decision = decideStart(
      inputs({ local: record(42, false, NOW), server: server(80, NOW + 60_000) }),
    );
    assertEqual(decision.resume, { position: 80, source: 'server' }, 'resume');
  });

  it('starts at the server position without a local record', () => {
    const decision = decideStart(inputs({ server: server(80) }));
    assertEqual(decision.resume, { position: 80, source: 'server' }, 'resume');
  });

  it('keeps the local record within the tolerance', () => {
    // The server's copy of this device's own save is later by the request's latency.
    const merged = mergeResume(record(42, false, NOW), server(42.2, NOW + 800), 0);
    assertEqual(merged?.source, 'local', 'merged source');
  });

  it('prefers local without a server time', () => {
    const merged = mergeResume(record(42, false, NOW), server(80, undefined), 0);
    assertEqual(merged?.source, 'local', 'merged source');
  });

  it('corrects a device clock behind the server', () => {
    // The device clock is 10 minutes behind: its save one minute ago reads 11 minutes ago.
    const behind = 10 * 60_000;
    const local = record(42, false, NOW - 60_000 - behind);
    const olderServer = server(80, NOW - 5 * 60_000);
    assertEqual(mergeResume(local, olderServer, behind)?.source, 'local', 'with the offset');
    assertEqual(mergeResume(local, olderServer, 0)?.source, 'server', 'without the offset');
  });

  it('corrects a device clock ahead of the server', () => {
    const ahead = -10 * 60_000;
    const local = record(42, false, NOW - 5 * 60_000 - ahead);
    const newerServer = server(80, NOW - 60_000);
    assertEqual(mergeResume(local, newerServer, ahead)?.source, 'server', 'with the offset');
    assertEqual(mergeResume(local, newerServer, 0)?.source, 'local', 'without the offset');
  });

  it('restarts from zero after completion', () => {
    assertEqual(decideStart(inputs({ local: record(595, true) })).position, 0, 'local completed');
    assertEqual(decideStart(inputs({ server: server(595) })).position, 0, 'server near the end');
  });

  it('restarts when the server completed later', () => {
    const local = record(42, false, NOW);
    const completed = server(0, NOW + 60_000, true);
    const decision = decideStart(inputs({ local, server: completed }));
    assertEqual(decision.resume, null, 'resume');
    assertEqual(decision.position, 0, 'start position');
  });

  it('starts at zero for unusable positions', () => {
    const cases: [string, Partial<StartInputs>][] = [
      ['at the duration', { local: record(600) }],
      ['past the duration', { local: record(900) }],
      ['NaN', { local: record(NaN) }],
      ['negative', { local: record(-5) }],
      ['infinite', { local: record(Infinity) }],
      ['server NaN', { server: server(NaN) }],
      ['live stream', { local: record(30), duration: Infinity }],
      ['unknown duration', { server: server(30), duration: 0 }],
      ['NaN duration', { server: server(30), duration: NaN }],
    ];
    for (const [name, overrides] of cases) {
      const decision = decideStart(inputs(overrides));
      assertEqual(decision.position, 0, `start position, ${name}`);
      assertEqual(decision.resume, null, `resume, ${name}`);
    }
  });

  it('uses the record duration when unknown', () => {
    const decision = decideStart(inputs({ local: record(42), duration: 0 }));
    assertEqual(decision.position, 42, 'start position');
  });

  it('lets start-time override resume', () => {
    const decision = decideStart(inputs({ startTime: 12, local: record(42) }));
    assertEqual(decision.position, 12, 'start position');
    assertEqual(decision.resume, null, 'resume');
  });

  it('ignores saved positions when resume is off', () => {
    assertEqual(decideStart(inputs({ mode: 'off', local: record(42) })).resume, null, 'mode off');
    const disabled = inputs({ titleAllowsResume: false, local: record(42) });
    assertEqual(decideStart(disabled).resume, null, 'title without resume');
  });

  it('ignores positions under the save threshold', () => {
    assertEqual(decideStart(inputs({ server: server(1.5) })).position, 0, 'server position 1.5 s');
  });

  it('parses the resume attribute', () => {
    assertEqual(parseResumeMode('prompt'), 'prompt', 'prompt');
    assertEqual(parseResumeMode('off'), 'off', 'off');
    assertEqual(parseResumeMode(null), 'auto', 'missing');
    assertEqual(parseResumeMode('sometimes'), 'auto', 'unknown');
  });

  it('recognizes stored records', () => {
    assert(isResumeRecord(record(10)), 'a full record is accepted');
    assert(!isResumeRecord({ position: 10 }), 'a partial record is rejected');
    assert(!isResumeRecord(null), 'null is rejected');
  });
});

describe('resume viewer id', () => {
  /** Builds a token of the server's shape; the MAC is not checked by the player. */
  function token(payload: object): string {
    const body = btoa(JSON.stringify(payload)).replace(/\+/g, '-').replace(/\//g, '_');
    return `cnx_vt_${body.replace(/=+$/, '')}.${'m'.repeat(43)}`;
  }

  it('keys a token by its user', () => {
    const first = viewerId(token({ a: 'acc_1', v: 'user-42', e: 1, k: 'k1' }));
    const renewed = viewerId(token({ a: 'acc_1', v: 'user-42', e: 2, k: 'k2' }));
    assertEqual(first, 'user:acc_1:user-42', 'viewer id of a token');
    assertEqual(renewed, first, 'viewer id of a renewed token');
  });

  it('keys an unreadable token by itself', () => {
    assertEqual(viewerId('opaque-token'), 'token:opaque-token', 'viewer id of an opaque token');
  });

  it('keys no token by the device', () => {
    assert(viewerId(null).startsWith('device:'), 'viewer id without a token');
  });
});
