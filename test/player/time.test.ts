import { formatProgress, formatTime } from '../../src/player/controls/time.js';
import { assertEqual } from './helpers-pure.js';

describe('formatTime', () => {
  it('formats seconds as m:ss', () => {
    assertEqual(formatTime(0), '0:00', 'formatTime(0)');
    assertEqual(formatTime(3.9), '0:03', 'formatTime(3.9)');
    assertEqual(formatTime(65), '1:05', 'formatTime(65)');
    assertEqual(formatTime(599), '9:59', 'formatTime(599)');
  });

  it('adds hours from one hour', () => {
    assertEqual(formatTime(3600), '1:00:00', 'formatTime(3600)');
    assertEqual(formatTime(3725), '1:02:05', 'formatTime(3725)');
  });

  it('formats unknown values as 0:00', () => {
    assertEqual(formatTime(NaN), '0:00', 'formatTime(NaN)');
    assertEqual(formatTime(Infinity), '0:00', 'formatTime(Infinity)');
    assertEqual(formatTime(-4), '0:00', 'formatTime(-4)');
  });

  it('formats the seek bar value text', () => {
    assertEqual(formatProgress(3, 10), '0:03 of 0:10', 'formatProgress(3, 10)');
  });
});
