/** Random identifiers and key material. */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Returns `length` random base62 characters from a CSPRNG. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    // Bytes of 248 and above are dropped so that every character is equally likely.
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** Returns a new id for a title or upload, e.g. `8fK2pQx3Zr`. */
export function newMediaId(): string {
  return randomBase62(10);
}
