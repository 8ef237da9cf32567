/** Caps adaptive selection to the rungs that the player's size and visibility need. */
import type { EngineLevel } from './types.js';

/**
 * Returns the index of the lowest rung at least as tall as `heightPx`
 * device pixels, or of the tallest rung when none is. `levels` is in the
 * engine's order, lowest first; an empty list gives -1.
 */
export function capLevelFor(levels: readonly EngineLevel[], heightPx: number): number {
  if (levels.length === 0) return -1;
  let tallest = 0;
  for (const level of levels) {
    if (level.height > levels[tallest]!.height) tallest = level.index;
  }
  let best = -1;
  for (const level of levels) {
    if (level.height < heightPx) continue;
    if (best < 0 || level.height < levels[best]!.height) best = level.index;
  }
  return best >= 0 ? best : tallest;
}

/**
 * Watches an element's size (ResizeObserver), whether it is on screen
 * (IntersectionObserver) and whether the page is visible
 * (`visibilitychange`), and calls `onChange` with the cap to apply: the rung
 * that fits the element's height in device pixels, or the lowest rung (0)
 * while the element cannot be seen, so a hidden player does not download
 * its highest rung.
 */
export class LevelCapWatcher {
  private intersecting = true;
  private readonly resizeObserver: ResizeObserver | undefined;
  private readonly intersectionObserver: IntersectionObserver | undefined;
  private readonly onVisibilityChange = () => this.evaluate();

  constructor(
    private readonly element: HTMLElement,
    private readonly levels: () => readonly EngineLevel[],
    private readonly onChange: (cap: number) => void,
  ) {
    if (typeof ResizeObserver !== 'undefined') {
      this.resizeObserver = new ResizeObserver(() => this.evaluate());
      this.resizeObserver.observe(element);
    }
    if (typeof IntersectionObserver !== 'undefined') {
      this.intersectionObserver = new IntersectionObserver((entries) => {
        const entry = entries[entries.length - 1];
        if (entry) this.intersecting = entry.isIntersecting;
        this.evaluate();
      });
      this.intersectionObserver.observe(element);
    }
    document.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  /** Computes the cap for the current size and visibility and reports it. */
  evaluate(): void {
    const levels = this.levels();
    if (levels.length < 2) return;
    const hidden = !this.intersecting || document.visibilityState === 'hidden';
    const height = this.element.getBoundingClientRect().height * (window.devicePixelRatio || 1);
    if (hidden || height <= 0) {
      this.onChange(0);
      return;
    }
    this.onChange(capLevelFor(levels, height));
  }

  disconnect(): void {
    this.resizeObserver?.disconnect();
    this.intersectionObserver?.disconnect();
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
  }
}
