/** Helpers of the browser tests: creating players, waiting, and assertions. */
import '../../src/player/index.js';
import type { CnxPlayer } from '../../src/player/index.js';
// Served by the reference-server plugin of web-test-runner.config.mjs.
import { env } from '/__cnx-env.js';

export { env };
export { assert, assertEqual } from './helpers-pure.js';

/** Creates a `<cnx-player>` with the test server's base and key, plus `attributes`. */
export function createPlayer(attributes: Record<string, string> = {}): CnxPlayer {
  const player = document.createElement('cnx-player');
  player.setAttribute('api-base', env.apiBase);
  player.setAttribute('api-key', env.embedKey);
  player.setAttribute('muted', '');
  for (const [name, value] of Object.entries(attributes)) player.setAttribute(name, value);
  player.style.width = '640px';
  document.body.append(player);
  return player;
}

/** Removes every player from the page, so each test starts clean. */
export function removePlayers(): void {
  for (const player of document.querySelectorAll('cnx-player')) player.remove();
}

/** Resolves with the next `type` event of `target`, or rejects after `timeoutMs`. */
export function nextEvent<T extends Event = Event>(
  target: EventTarget,
  type: string,
  timeoutMs = 15_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(type, onEvent);
      reject(new Error(`no ${type} event within ${timeoutMs} ms`));
    }, timeoutMs);
    function onEvent(event: Event) {
      clearTimeout(timer);
      target.removeEventListener(type, onEvent);
      resolve(event as T);
    }
    target.addEventListener(type, onEvent);
  });
}

/** Polls `condition` every 50 ms until it holds, or rejects with `description` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  description: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Returns the element matching `selector` in the player's shadow root, or throws. */
export function part<T extends Element = HTMLElement>(player: CnxPlayer, selector: string): T {
  const element = player.shadowRoot?.querySelector<T>(selector);
  if (!element) throw new Error(`no element matches ${selector} in the player's shadow root`);
  return element;
}

/**
 * Returns a description of each control in the player's shadow root that
 * has no accessible name: buttons, sliders and menu items need an
 * aria-label, an aria-labelledby or text.
 */
export function unnamedControls(player: CnxPlayer): string[] {
  const root = player.shadowRoot;
  if (!root) return ['the player has no shadow root'];
  const controls = root.querySelectorAll<HTMLElement>(
    'button, input, [role="slider"], [role="menuitemradio"], [role="menu"]',
  );
  return Array.from(controls)
    .filter((control) => {
      const label = control.getAttribute('aria-label')?.trim();
      const labelledBy = control.getAttribute('aria-labelledby');
      const text = control.textContent?.trim();
      return !label && !labelledBy && !text;
    })
    .map((control) => control.outerHTML.slice(0, 120));
}

/** Plays the player muted and waits until its position passes `seconds`. */
export async function playUntil(player: CnxPlayer, seconds: number, timeoutMs = 20_000) {
  await player.play();
  await waitFor(() => player.currentTime > seconds, `currentTime passes ${seconds} s`, timeoutMs);
}
