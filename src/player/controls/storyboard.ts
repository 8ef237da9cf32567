/** Storyboard previews: the WebVTT index of sprite tiles that the embed response lists as `thumbnails`. */
import { isAbortError } from '../errors.js';
import type { Logger } from '../logger.js';

/** One tile of the sprite, shown for positions from `start` to `end` seconds. */
export interface StoryboardTile {
  start: number;
  end: number;
  /** Absolute URL of the sprite image. */
  url: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const CUE_TIMING = /^(\S+)\s+-->\s+(\S+)/;
const SPATIAL_FRAGMENT = /#xywh=(?:pixel:)?(\d+),(\d+),(\d+),(\d+)$/;

/** Converts a WebVTT timestamp (`mm:ss.ttt` or `hh:mm:ss.ttt`) to seconds; NaN when invalid. */
export function parseVttTime(text: string): number {
  const parts = text.split(':').map(Number);
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => !Number.isFinite(part))) {
    return NaN;
  }
  return parts.reduce((total, part) => total * 60 + part, 0);
}

/**
 * Parses a storyboard index whose cue payloads are `image#xywh=x,y,w,h`
 * (the Media Fragments spatial syntax). Image URLs resolve against
 * `indexUrl`, so they inherit its signed path. Cues without a valid timing
 * or fragment are skipped.
 */
export function parseStoryboard(text: string, indexUrl: string): StoryboardTile[] {
  const tiles: StoryboardTile[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const timing = CUE_TIMING.exec(lines[i]!.trim());
    if (!timing) continue;
    const payload = lines[i + 1]?.trim() ?? '';
    const fragment = SPATIAL_FRAGMENT.exec(payload);
    const start = parseVttTime(timing[1]!);
    const end = parseVttTime(timing[2]!);
    if (!fragment || !Number.isFinite(start) || !Number.isFinite(end)) continue;
    const [, x, y, width, height] = fragment.map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const url = new URL(payload.slice(0, fragment.index), indexUrl).href;
    tiles.push({ start, end, url, x, y, width, height });
  }
  return tiles;
}

/** Returns the tile shown at `position` seconds, if any. */
export function tileAt(
  tiles: readonly StoryboardTile[],
  position: number,
): StoryboardTile | undefined {
  return tiles.find((tile) => position >= tile.start && position < tile.end) ?? tiles.at(-1);
}

/**
 * The storyboard of the current title, fetched on the first hover over the
 * seek bar so that viewers who never hover download nothing.
 */
export class Storyboard {
  private tiles: StoryboardTile[] = [];
  private url: string | null = null;
  private requested = false;

  constructor(
    private readonly logger: Logger,
    private readonly onLoad: () => void,
  ) {}

  /** Sets the index URL of a new title, or null when it has none. */
  reset(url: string | null): void {
    this.url = url;
    this.tiles = [];
    this.requested = false;
  }

  /** Returns the tile at `position`, starting the download on the first call. */
  tileAt(position: number, signal: AbortSignal | undefined): StoryboardTile | undefined {
    if (!this.requested && this.url && signal) void this.load(this.url, signal);
    return tileAt(this.tiles, position);
  }

  private async load(url: string, signal: AbortSignal): Promise<void> {
    this.requested = true;
    try {
      const response = await fetch(url, { signal });
      if (!response.ok) throw new Error(`GET ${url} returned ${response.status}`);
      const tiles = parseStoryboard(await response.text(), url);
      if (signal.aborted || this.url !== url) return;
      this.tiles = tiles;
      this.onLoad();
    } catch (error) {
      if (!isAbortError(error)) this.logger.warn('loading the storyboard failed', url, error);
    }
  }
}
