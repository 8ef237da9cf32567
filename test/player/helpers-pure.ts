/** Assertions for the tests of pure modules, which need no server. */

/** Throws with `message` unless `condition` holds. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Throws unless `actual` equals `expected` by JSON value. */
export function assertEqual(actual: unknown, expected: unknown, what: string): void {
  const actualJson = JSON.stringify(actual);
  const expectedJson = JSON.stringify(expected);
  if (actualJson !== expectedJson) {
    throw new Error(`${what}: expected ${expectedJson}, got ${actualJson}`);
  }
}
