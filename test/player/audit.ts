/** Accessibility audit of a player with axe-core, which also checks shadow DOM. */
import 'axe-core/axe.min.js';
import type { AxeResults } from 'axe-core';
import type { CnxPlayer } from '../../src/player/index.js';

declare global {
  interface Window {
    axe: { run(context: Element): Promise<AxeResults> };
  }
}

/** Runs axe on `player` and returns one line per violation: rule id and the offending nodes. */
export async function auditPlayer(player: CnxPlayer): Promise<string[]> {
  await player.updateComplete;
  const results = await window.axe.run(player);
  return results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join('; ')})`,
  );
}
