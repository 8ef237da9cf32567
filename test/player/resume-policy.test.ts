import {
  decideStart,
  isResumeRecord,
  parseResumeMode,
  recordFor,
  type ResumeRecord,
  type StartInputs,
} from '../../src/player/resume/policy.js';
import { assert, assertEqual } from './helpers-pure.js';

const NOW = 1_700_000_000_000;

function record(position: number, completed = false): ResumeRecord {
  return { position, duration: 600, updatedAt: NOW, completed };
}

function inputs(overrides: Partial<StartInputs>): StartInputs {
  return {
    mode: 'auto',
    startTime: null,
    titleAllowsResume: true,
    local: undefined,
    serverPosition: undefined,
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

  it('starts at the local position', () => {
    const decision = decideStart(inputs({ local: record(42), serverPosition: 80 }));
    assertEqual(decision, { position: 42, resume: { position: 42, source: 'local' } }, 'decision');
  });

  it('starts at the server position without a local record', () => {
    const decision = decideStart(inputs({ serverPosition: 80 }));
    assertEqual(decision, { position: 80, resume: { position: 80, source: 'server' } }, 'decision');
  });

  it('restarts from zero after completion', () => {
    assertEqual(decideStart(inputs({ local: record(595, true) })).position, 0, 'local completed');
    assertEqual(decideStart(inputs({ serverPosition: 595 })).position, 0, 'server near the end');
  });

  it('lets start-time override resume', () => {
    const decision = decideStart(inputs({ startTime: 12, local: record(42) }));
    assertEqual(decision, { position: 12, resume: null }, 'decision');
  });

  it('ignores saved positions when resume is off', () => {
    assertEqual(decideStart(inputs({ mode: 'off', local: record(42) })).resume, null, 'mode off');
    const disabled = inputs({ titleAllowsResume: false, local: record(42) });
    assertEqual(decideStart(disabled).resume, null, 'title without resume');
  });

  it('ignores positions under the save threshold', () => {
    assertEqual(decideStart(inputs({ serverPosition: 3 })).position, 0, 'server position 3 s');
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
