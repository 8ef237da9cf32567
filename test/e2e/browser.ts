/**
 * Helpers of the end-to-end tests: Debian's Chromium through playwright-core,
 * and the player on pages of the real reference server.
 */
import { chromium, type Browser, type Page } from 'playwright-core';

/** Launches Chromium with autoplay allowed, as the browser tests do. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** Position and source of the `cnx-resume` event, or null when none came. */
export interface PlayerStart {
  position: number;
  resumeSource: string | null;
}

/**
 * Waits until the first `<cnx-player>` of `page` has data to play and
 * returns its position, with the source of its `cnx-resume` event when one
 * was fired. The page must have called `recordResumeEvents` before the
 * player loaded.
 */
export async function playerStart(page: Page): Promise<PlayerStart> {
  await page.waitForFunction(() => (document.querySelector('cnx-player')?.readyState ?? 0) >= 2);
  // The resume seek lands within a frame or two of the data.
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const player = document.querySelector('cnx-player')!;
    const events = (window as unknown as { resumeEvents?: { source: string }[] }).resumeEvents;
    return { position: player.currentTime, resumeSource: events?.[0]?.source ?? null };
  });
}

/** Makes `page` collect the details of `cnx-resume` events in `window.resumeEvents`. */
export async function recordResumeEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const events: unknown[] = [];
    (window as unknown as { resumeEvents: unknown[] }).resumeEvents = events;
    document.addEventListener('cnx-resume', (event) => events.push((event as CustomEvent).detail));
  });
}

/** Plays the first `<cnx-player>` of `page` muted until its position passes `seconds`. */
export async function playUntil(page: Page, seconds: number): Promise<number> {
  await page.evaluate(async () => {
    const player = document.querySelector('cnx-player')!;
    player.muted = true;
    await player.play();
  });
  await page.waitForFunction(
    (target) => (document.querySelector('cnx-player')?.currentTime ?? 0) > target,
    seconds,
    { timeout: 20_000 },
  );
  return page.evaluate(() => document.querySelector('cnx-player')!.currentTime);
}
