/**
 * The auto-embed engine: resolves a catalog title to its most preferred
 * source that responds now. A choice is cached for `refreshMs`. Titles
 * requested recently are re-checked in the background at that interval, so
 * a failed source is left, and a recovered preferred source is taken back,
 * within one interval. Only registered URLs are fetched.
 */
import type { FastifyBaseLogger } from 'fastify';

export interface ResolvedSource {
  url: string;
  /** Heights from the master playlist's RESOLUTION attributes, lowest first. */
  qualities: number[];
  /** Languages of its subtitle renditions. */
  subtitles: string[];
  checkedAt: number;
}

export interface ResolverOptions {
  /** Returns the registered sources of a title, most preferred first. */
  sourcesOf: (titleId: string) => string[] | undefined;
  refreshMs: number;
  timeoutMs: number;
  log: FastifyBaseLogger;
}

/** Titles not asked for in this many refresh intervals stop being re-checked. */
const IDLE_INTERVALS = 10;

export class SourceResolver {
  private readonly choices = new Map<
    string,
    { source: ResolvedSource | undefined; usedAt: number }
  >();
  private readonly checks = new Map<string, Promise<ResolvedSource | undefined>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ResolverOptions) {}

  /** Starts the background re-checks. */
  start(): void {
    this.timer ??= setInterval(() => this.refreshActive(), this.options.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Returns the source to play for `titleId`, or undefined when none responds. */
  async resolve(titleId: string): Promise<ResolvedSource | undefined> {
    const cached = this.choices.get(titleId);
    const now = Date.now();
    if (cached) {
      cached.usedAt = now;
      const fresh = cached.source && now - cached.source.checkedAt < this.options.refreshMs;
      if (fresh) return cached.source;
      if (cached.source) {
        // Stale but known good: return it now and re-check in the background.
        void this.check(titleId);
        return cached.source;
      }
    }
    return this.check(titleId);
  }

  /** Forgets the cached choice of a title, e.g. when it is removed. */
  forget(titleId: string): void {
    this.choices.delete(titleId);
  }

  private refreshActive(): void {
    const cutoff = Date.now() - this.options.refreshMs * IDLE_INTERVALS;
    for (const [titleId, choice] of this.choices) {
      if (choice.usedAt < cutoff) this.choices.delete(titleId);
      else void this.check(titleId);
    }
  }

  /** Checks the sources in order and caches the first healthy one; one check per title at a time. */
  private check(titleId: string): Promise<ResolvedSource | undefined> {
    const running = this.checks.get(titleId);
    if (running) return running;
    const check = this.firstHealthy(titleId).finally(() => this.checks.delete(titleId));
    this.checks.set(titleId, check);
    return check;
  }

  private async firstHealthy(titleId: string): Promise<ResolvedSource | undefined> {
    const sources = this.options.sourcesOf(titleId) ?? [];
    const previous = this.choices.get(titleId);
    let chosen: ResolvedSource | undefined;
    for (const url of sources) {
      chosen = await this.probe(url);
      if (chosen) break;
    }
    if (previous?.source?.url !== chosen?.url) {
      this.options.log.info(
        { title: titleId, from: previous?.source?.url, to: chosen?.url },
        'catalog source changed',
      );
    }
    this.choices.set(titleId, { source: chosen, usedAt: previous?.usedAt ?? Date.now() });
    return chosen;
  }

  /** Fetches a master playlist; returns what it offers, or undefined when it does not respond with HLS. */
  private async probe(url: string): Promise<ResolvedSource | undefined> {
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'error',
      });
      if (!response.ok) {
        await response.body?.cancel();
        return undefined;
      }
      const text = await response.text();
      if (!text.startsWith('#EXTM3U')) return undefined;
      return { url, ...describePlaylist(text), checkedAt: Date.now() };
    } catch {
      return undefined;
    }
  }
}

/** Reads rendition heights and subtitle languages from a master playlist. */
export function describePlaylist(text: string): { qualities: number[]; subtitles: string[] } {
  const heights = new Set<number>();
  const subtitles: string[] = [];
  for (const line of text.split('\n')) {
    const resolution = /RESOLUTION=\d+x(\d+)/.exec(line);
    if (line.startsWith('#EXT-X-STREAM-INF') && resolution) heights.add(Number(resolution[1]));
    const language = /LANGUAGE="([^"]+)"/.exec(line);
    if (line.startsWith('#EXT-X-MEDIA') && line.includes('TYPE=SUBTITLES') && language) {
      subtitles.push(language[1]!);
    }
  }
  return { qualities: [...heights].sort((a, b) => a - b), subtitles };
}
