/** Plans and their limits, in one place. */

export type PlanName = 'free' | 'creator' | 'studio';

export interface Plan {
  name: PlanName;
  /** Secret-key requests an account may make per minute, across its keys. */
  requestsPerMinute: number;
  /** Default storage quota in bytes; an account may override it. */
  storageBytes: number;
}

const GB = 1000 ** 3;

export const PLANS: Record<PlanName, Plan> = {
  free: { name: 'free', requestsPerMinute: 60, storageBytes: 50 * GB },
  creator: { name: 'creator', requestsPerMinute: 300, storageBytes: 1000 * GB },
  // Studio storage is set per account; this is the default until it is.
  studio: { name: 'studio', requestsPerMinute: 1200, storageBytes: 10_000 * GB },
};

/** Returns whether `name` is a plan. */
export function isPlanName(name: string): name is PlanName {
  return Object.hasOwn(PLANS, name);
}
