/** Medians, ratios and table cells of the benchmark figures. */

/** Returns the median of `values`; the mean of the middle two for an even count. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One row of the results table: a figure, its baseline and the runs behind both. */
export interface Figure {
  name: string;
  unit: string;
  runs: number[];
  baselineName: string;
  baselineRuns: number[];
}

/** Formats a number with at most three significant digits after large values are rounded. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** Returns the Markdown rows of `figures`: median, baseline median, their ratio and the runs. */
export function figureRows(figures: Figure[]): string[] {
  const rows = [
    '| figure | median | baseline | baseline median | ratio | runs |',
    '| --- | ---: | --- | ---: | ---: | --- |',
  ];
  for (const figure of figures) {
    const value = median(figure.runs);
    const base = figure.baselineRuns.length ? median(figure.baselineRuns) : NaN;
    const ratio = Number.isFinite(base) && base !== 0 ? `${(value / base).toFixed(2)}×` : '–';
    const runs = figure.runs.map(formatNumber).join(', ');
    rows.push(
      `| ${figure.name} | ${formatNumber(value)} ${figure.unit} | ${figure.baselineName} | ` +
        `${Number.isFinite(base) ? `${formatNumber(base)} ${figure.unit}` : '–'} | ${ratio} | ${runs} |`,
    );
  }
  return rows;
}
