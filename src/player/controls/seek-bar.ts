/** The seek bar: a range input over a track that draws the buffered ranges. */
import { html, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { formatProgress } from './time.js';

export interface SeekBarState {
  position: number;
  /** Duration in seconds; NaN or 0 while unknown. */
  duration: number;
  buffered: TimeRanges;
  seek(position: number): void;
}

/**
 * Renders the seek bar (`::part(seek-bar)`). The native range input gives
 * the slider role, arrow-key steps and focus; `aria-valuetext` reads the
 * position as `0:03 of 0:10` instead of a bare number of seconds.
 */
export function renderSeekBar(state: SeekBarState): TemplateResult {
  const duration = Number.isFinite(state.duration) && state.duration > 0 ? state.duration : 0;
  const played = duration ? (state.position / duration) * 100 : 0;
  return html`<div class="seek" part="seek">
    <div class="seek-track" aria-hidden="true">
      ${bufferedRanges(state.buffered, duration).map(
        ([start, end]) =>
          html`<span
            class="seek-buffered"
            part="seek-buffered"
            style=${styleMap({ left: `${start}%`, width: `${end - start}%` })}
          ></span>`,
      )}
      <span class="seek-played" style=${styleMap({ width: `${played}%` })}></span>
    </div>
    <input
      type="range"
      class="seek-input"
      part="seek-bar"
      min="0"
      max=${duration}
      step="any"
      aria-label="Seek"
      aria-valuetext=${formatProgress(state.position, duration)}
      ?disabled=${!duration}
      .value=${String(state.position)}
      @input=${(event: Event) => state.seek(Number((event.target as HTMLInputElement).value))}
    />
  </div>`;
}

/** Returns the buffered ranges as [start, end] percentages of `duration`. */
function bufferedRanges(buffered: TimeRanges, duration: number): [number, number][] {
  if (!duration) return [];
  const ranges: [number, number][] = [];
  for (let i = 0; i < buffered.length; i += 1) {
    ranges.push([(buffered.start(i) / duration) * 100, (buffered.end(i) / duration) * 100]);
  }
  return ranges;
}
