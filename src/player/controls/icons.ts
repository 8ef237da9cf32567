/** Inline SVG icons of the controls, drawn in `currentColor` on a 24-unit grid. */
import { svg, type SVGTemplateResult } from 'lit';

function icon(path: SVGTemplateResult): SVGTemplateResult {
  return svg`<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">${path}</svg>`;
}

export const playIcon = icon(svg`<path fill="currentColor" d="M8 5v14l11-7z" />`);
export const pauseIcon = icon(svg`<path fill="currentColor" d="M6 5h4v14H6zm8 0h4v14h-4z" />`);
export const volumeIcon = icon(
  svg`<path fill="currentColor" d="M4 9v6h4l5 5V4L8 9zm12.5 3a4.5 4.5 0 0 0-2.5-4v8a4.5 4.5 0 0 0 2.5-4z" />`,
);
export const mutedIcon = icon(
  svg`<path fill="currentColor" d="M4 9v6h4l5 5V4L8 9zm12.6 3 2.7-2.7-1.4-1.4-2.7 2.7-2.7-2.7-1.4 1.4 2.7 2.7-2.7 2.7 1.4 1.4 2.7-2.7 2.7 2.7 1.4-1.4z" />`,
);
export const fullscreenIcon = icon(
  svg`<path fill="currentColor" d="M5 5h5v2H7v3H5zm9 0h5v5h-2V7h-3zM5 14h2v3h3v2H5zm12 0h2v5h-5v-2h3z" />`,
);
export const exitFullscreenIcon = icon(
  svg`<path fill="currentColor" d="M8 5h2v5H5V8h3zm6 0h2v3h3v2h-5zM5 14h5v5H8v-3H5zm9 0h5v2h-3v3h-2z" />`,
);
export const settingsIcon = icon(
  svg`<path fill="currentColor" d="M4 7h10v2H4zm12-1h2v4h-2zM4 15h4v2H4zm6-1h2v4h-2zm4 1h6v2h-6zm6-8h0v2h0z" />`,
);
export const captionsIcon = icon(
  svg`<path fill="currentColor" d="M4 5h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm1 2v10h14V7zm2 3h4v1.5H8.5v1h2.5V14H7zm6 0h4v1.5h-2.5v1H17V14h-4z" />`,
);
export const speedIcon = icon(
  svg`<path fill="currentColor" d="M12 4a9 9 0 0 0-7.8 13.5l1.7-1A7 7 0 1 1 19 12a7 7 0 0 1-.9 3.5l1.7 1A9 9 0 0 0 12 4zm3.5 4.1-4.6 4.6a1.5 1.5 0 1 0 2.1 2.1z" />`,
);
export const pipIcon = icon(
  svg`<path fill="currentColor" d="M3 5h18a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm1 2v10h16V7zm8 4h7v5h-7z" />`,
);
