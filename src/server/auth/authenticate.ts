/** Resolves the API key of a request and checks what that key may do. */
import type { FastifyRequest } from 'fastify';
import { EMBED_KEY_PREFIX, SECRET_KEY_PREFIX } from '../../api/limits.ts';
import { ApiError } from '../errors.ts';
import type { Account, AccountRepository } from '../storage/accounts.ts';
import type { ApiKey, KeyRepository } from './keys.ts';
import { originAllowed } from './origins.ts';
import { PAGE_TOKEN_PREFIX, verifyPageToken } from './page-tokens.ts';
import type { SigningKey } from '../signing.ts';

export interface Caller {
  account: Account;
  key: ApiKey;
  /** The key as sent; for public keys only, which may appear in URLs. */
  publicKey?: string;
}

/** Key stores and origins that `authenticate` checks a request against. */
export interface AuthSources {
  keys: KeyRepository;
  accounts: AccountRepository;
  /** The server's signing keys, which verify page tokens. */
  signingKeys: () => SigningKey[];
  /** The server's own origin: its embed page may use any embed key of its accounts. */
  selfOrigin: string;
}

/** Access level of an endpoint: secret keys only, or public embed keys too. */
export type Access = 'secret' | 'playback';

/** Returns the caller of `request`, or throws the 401 or 403 that explains why not. */
export function authenticate(
  request: FastifyRequest,
  access: Access,
  sources: AuthSources,
): Caller {
  const { keys, accounts } = sources;
  const header = request.headers.authorization;
  if (!header) {
    throw new ApiError(
      'unauthorized',
      'Missing API key: send the header "Authorization: Bearer <key>".',
    );
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    throw new ApiError(
      'unauthorized',
      'Malformed Authorization header: use "Authorization: Bearer <key>".',
    );
  }
  const secret = match[1]!;
  if (!secret.startsWith(SECRET_KEY_PREFIX) && !secret.startsWith(EMBED_KEY_PREFIX)) {
    throw new ApiError(
      'unauthorized',
      `Invalid API key: keys start with ${SECRET_KEY_PREFIX} or ${EMBED_KEY_PREFIX}.`,
    );
  }
  const key = secret.startsWith(PAGE_TOKEN_PREFIX)
    ? verifyPageToken(secret, sources.signingKeys())
    : keys.findActive(secret);
  const account = key && accounts.get(key.accountId);
  if (!key || !account) {
    throw new ApiError(
      'unauthorized',
      'Invalid API key: it is unknown, revoked or expired. Create a new key.',
    );
  }
  const origin = request.headers.origin;
  if (key.kind === 'secret' && origin) {
    throw new ApiError(
      'unauthorized',
      `A secret key was sent from a browser (Origin ${origin}). Secret keys are for servers: ` +
        `use a public ${EMBED_KEY_PREFIX} key in browsers.`,
    );
  }
  if (key.kind === 'embed') {
    if (access === 'secret') {
      throw new ApiError(
        'forbidden',
        `This endpoint needs a secret ${SECRET_KEY_PREFIX} key; ${EMBED_KEY_PREFIX} keys only play media.`,
      );
    }
    if (origin && origin !== sources.selfOrigin && !originAllowed(origin, key.origins)) {
      throw new ApiError(
        'forbidden',
        `Origin ${origin} is not allowed for this embed key: add it to the key's allowed origins.`,
      );
    }
  }
  return key.kind === 'embed' ? { account, key, publicKey: secret } : { account, key };
}
