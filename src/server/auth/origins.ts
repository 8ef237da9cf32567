/** Origin allowlists of embed keys. */
import { badRequest } from '../errors.ts';

/**
 * Returns whether `origin` matches an entry of `allowed`: an exact origin
 * such as `https://example.com`, or a wildcard such as `https://*.example.com`
 * that matches subdomains at any depth but not the bare domain. An empty
 * list allows every origin, which only development keys should have.
 */
export function originAllowed(origin: string, allowed: string[]): boolean {
  if (allowed.length === 0) return true;
  const normalized = origin.toLowerCase();
  return allowed.some((entry) => {
    const pattern = entry.toLowerCase();
    if (!pattern.includes('*.')) return pattern === normalized;
    const [scheme, host] = pattern.split('*.');
    if (!normalized.startsWith(scheme!)) return false;
    const rest = normalized.slice(scheme!.length);
    return rest.endsWith(`.${host}`) && rest.length > host!.length + 1;
  });
}

/**
 * Returns `value` as a list of allowlist entries, or throws a 400 naming the
 * entry at fault. Entries are `scheme://host[:port]` with an optional
 * leading `*.` on the host; paths and trailing slashes are not origins.
 */
export function validateOrigins(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > 100) {
    throw badRequest('origins', 'Invalid "origins": send an array of at most 100 origins.');
  }
  return value.map((entry: unknown) => {
    const valid =
      typeof entry === 'string' &&
      /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i.test(entry);
    if (!valid) {
      throw badRequest(
        'origins',
        `Invalid origin ${JSON.stringify(entry)}: use an origin such as https://example.com, https://*.example.com or http://localhost:3000.`,
      );
    }
    return (entry as string).toLowerCase();
  });
}
