/**
 * Formats seconds as `m:ss`, or `h:mm:ss` from one hour. Values that are not
 * finite or are negative format as `0:00`.
 */
export function formatTime(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = String(total % 60).padStart(2, '0');
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${secs}`;
  return `${minutes}:${secs}`;
}

/** Returns the value text of the seek bar, e.g. `0:03 of 0:10`. */
export function formatProgress(position: number, duration: number): string {
  return `${formatTime(position)} of ${formatTime(duration)}`;
}
