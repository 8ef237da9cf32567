/** HTML of the embed host page and of its error page. */
import type { ApiErrorBody } from '../../api/errors.ts';
import type { EmbedOptions } from './embed-options.ts';

/** Content of the embed page, besides the options of its URL. */
export interface EmbedPageContent {
  mediaId: string;
  title: string;
  apiBase: string;
  /** URL of the oEmbed document of this page, for discovery by link unfurlers. */
  oembedUrl: string;
  allowsEveryOrigin: boolean;
}

/** Escapes `value` for HTML text and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Returns `value` as JSON that is safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c');
}

const PAGE_STYLE = `
      html, body { margin: 0; height: 100%; background: #000; overflow: hidden; }
      cnx-player { width: 100%; height: 100%; --cnx-aspect-ratio: auto; }
      .no-controls::part(control-bar), .no-controls::part(big-play-button) { display: none; }`;

/** Returns the embed page: the player full-bleed, its bundle, and the bridge script. */
export function renderEmbedPage(content: EmbedPageContent, options: EmbedOptions): string {
  let autoplay = '';
  if (options.autoplay === 'muted') autoplay = 'autoplay="muted"';
  else if (options.autoplay) autoplay = 'autoplay';
  const attributes = [
    `media-id="${escapeHtml(content.mediaId)}"`,
    `api-key="${escapeHtml(options.key)}"`,
    `api-base="${escapeHtml(content.apiBase)}"`,
    autoplay,
    options.muted ? 'muted' : '',
    options.loop ? 'loop' : '',
    options.start !== null ? `start-time="${options.start}"` : '',
    options.captions ? `captions="${escapeHtml(options.captions)}"` : '',
    options.controls ? '' : 'class="no-controls"',
  ].filter(Boolean);
  const settings = { parentOrigin: options.origin, allowsEveryOrigin: content.allowsEveryOrigin };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>${escapeHtml(content.title)}</title>
    <link rel="alternate" type="application/json+oembed" href="${escapeHtml(content.oembedUrl)}" />
    <style>${PAGE_STYLE}
    </style>
    <script type="application/json" id="cnx-embed">${scriptJson(settings)}</script>
    <script type="module" src="/player/v1/cnx-player.js"></script>
    <script type="module" src="/embed/assets/embed.js"></script>
  </head>
  <body>
    <cnx-player ${attributes.join(' ')}></cnx-player>
  </body>
</html>
`;
}

/** Returns the page shown in the frame when the embed URL is invalid. */
export function renderEmbedErrorPage(error: ApiErrorBody): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="robots" content="noindex" />
    <title>${escapeHtml(error.title)}</title>
    <style>
      html, body { margin: 0; height: 100%; background: #111; color: #eee; }
      body { display: grid; place-items: center; font: 15px/1.5 system-ui, sans-serif; }
      main { max-width: 36em; padding: 1em; }
      code { font-family: ui-monospace, monospace; }
    </style>
  </head>
  <body>
    <main>
      <h1>${escapeHtml(error.title)} <code>${escapeHtml(error.code)}</code></h1>
      <p>${escapeHtml(error.message)}</p>
    </main>
  </body>
</html>
`;
}
