/**
 * Script of the embed host page (`GET /embed/{id}`): connects the page's
 * `<cnx-player>` to the parent window. The page loads the player bundle with
 * its own script tag and writes its settings into a JSON script element.
 */
import type { CnxPlayer } from '../player/cnx-player.js';
import { PlayerJsBridge } from './bridge.js';

/** Settings that the server writes into `<script type="application/json" id="cnx-embed">`. */
export interface EmbedPageSettings {
  /** The `origin` query parameter, checked by the server against the key's allowlist. */
  parentOrigin: string | null;
  /** Whether the embed key allows every origin (an empty allowlist). */
  allowsEveryOrigin: boolean;
}

function readSettings(): EmbedPageSettings {
  const text = document.getElementById('cnx-embed')?.textContent ?? '{}';
  const settings = JSON.parse(text) as Partial<EmbedPageSettings>;
  return {
    parentOrigin: settings.parentOrigin ?? null,
    allowsEveryOrigin: settings.allowsEveryOrigin === true,
  };
}

/**
 * Returns the origin of the parent page: the `origin` parameter, else the
 * parent's origin as Chromium and Safari report it, else the referrer's.
 * The page's `frame-ancestors` policy has already checked that origin
 * against the key's allowlist.
 */
function parentOrigin(settings: EmbedPageSettings): string | null {
  if (settings.parentOrigin) return settings.parentOrigin;
  const ancestor = window.location.ancestorOrigins?.[0];
  if (ancestor && ancestor !== 'null') return ancestor;
  if (!document.referrer) return null;
  try {
    return new URL(document.referrer).origin;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  await customElements.whenDefined('cnx-player');
  const player = document.querySelector<CnxPlayer>('cnx-player');
  if (!player) return;
  const settings = readSettings();
  const bridge = new PlayerJsBridge({
    player,
    frame: window,
    parentOrigin: parentOrigin(settings),
    allowsEveryOrigin: settings.allowsEveryOrigin,
  });
  bridge.start();
}

void main();
