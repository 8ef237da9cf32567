/** Origin allowlists of embed keys. */

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
