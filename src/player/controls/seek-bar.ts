/** The seek bar: a range input over a track that draws the buffered ranges. */
import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { StoryboardTile } from './storyboard.js';
import { formatProgress, formatTime } from './time.js';

export interface SeekBarState {
  position: number;
  /** Duration in seconds; NaN or 0 while unknown. */
  duration: number;
  buffered: TimeRanges;
  /** Position under the pointer in seconds, or null when the pointer is elsewhere. */
  hoverPosition: number | null;
  /** Storyboard tile of `hoverPosition`, once the storyboard has loaded. */
  hoverTile: StoryboardTile | undefined;
  seek(position: number): void;
  hover(position: number | null): void;
}

/**
 * Renders the seek bar (`::part(seek-bar)`). The native range input gives
 * the slider role, arrow-key steps and focus; `aria-valuetext` reads the
 * position as `0:03 of 0:10` instead of a bare number of seconds.
 */
export function renderSeekBar(state: SeekBarState): TemplateResult {
  const duration = Number.isFinite(state.duration) && state.duration > 0 ? state.duration : 0;
  const played = duration ? (state.position / duration) * 100 : 0;
  const onPointerMove = (event: PointerEvent) => {
    const bounds = (event.currentTarget as HTMLElement).getBoundingClientRect();
    if (!duration || bounds.width <= 0) return;
    const fraction = Math.min(Math.max((event.clientX - bounds.left) / bounds.width, 0), 1);
    state.hover(fraction * duration);
  };
  return html`<div
    class="seek"
    part="seek"
    @pointermove=${onPointerMove}
    @pointerleave=${() => state.hover(null)}
  >
    ${
      state.hoverPosition !== null && duration
        ? renderPreview(state.hoverPosition, duration, state.hoverTile)
        : nothing
    }
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

/**
 * Renders the hover preview (`::part(seek-preview)`): the storyboard tile
 * (`::part(seek-preview-image)`) above the time under the pointer. It is
 * hidden from assistive technology, which reads the slider's value text.
 */
function renderPreview(
  position: number,
  duration: number,
  tile: StoryboardTile | undefined,
): TemplateResult {
  const image = tile
    ? html`<span
        class="seek-preview-image"
        part="seek-preview-image"
        style=${styleMap({
          width: `${tile.width}px`,
          height: `${tile.height}px`,
          backgroundImage: `url("${tile.url}")`,
          backgroundPosition: `-${tile.x}px -${tile.y}px`,
        })}
      ></span>`
    : nothing;
  return html`<div
    class="seek-preview"
    part="seek-preview"
    aria-hidden="true"
    style=${styleMap({ left: `${(position / duration) * 100}%` })}
  >
    ${image}<span class="seek-preview-time" part="seek-preview-time">${formatTime(position)}</span>
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
