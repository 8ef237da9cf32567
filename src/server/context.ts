/** The services that routes share, built once per app. */
import type { FastifyBaseLogger as Logger, FastifyRequest } from 'fastify';
import { type Access, authenticate, type Caller } from './auth/authenticate.ts';
import { KeyRepository } from './auth/keys.ts';
import type { ServerConfig } from './config.ts';
import type { Binaries } from './media/binaries.ts';
import { countRequest } from './limits/guard.ts';
import type { RateLimiter } from './limits/rate-limiter.ts';
import type { JobQueue } from './media/queue.ts';
import type { MediaSigner, SigningKey } from './signing.ts';
import { AccountRepository } from './storage/accounts.ts';
import type { Db } from './storage/db.ts';
import type { FileStore } from './storage/files.ts';
import { UploadRepository } from './storage/uploads.ts';
import { CatalogRepository } from './storage/catalog.ts';
import { ViewRepository } from './storage/views.ts';
import { ResumeRepository } from './storage/resume.ts';
import type { SourceResolver } from './catalog/resolver.ts';

export interface AppContext {
  config: ServerConfig;
  db: Db;
  accounts: AccountRepository;
  keys: KeyRepository;
  uploads: UploadRepository;
  catalog: CatalogRepository;
  views: ViewRepository;
  resume: ResumeRepository;
  resolver: SourceResolver;
  files: FileStore;
  signer: MediaSigner;
  /** The server's signing keys, newest first: media URLs and viewer tokens. */
  signingKeys: () => SigningKey[];
  binaries: Binaries;
  queue: JobQueue;
  log: Logger;
  /** Returns the caller of a request, counted against its rate limit, or throws its 401/403/429. */
  authenticate(request: FastifyRequest, access: Access): Caller;
  /** Returns the public origin for URLs in responses to `request`. */
  publicOrigin(request: FastifyRequest): string;
}

export function repositories(db: Db) {
  return {
    accounts: new AccountRepository(db),
    keys: new KeyRepository(db),
    uploads: new UploadRepository(db),
    catalog: new CatalogRepository(db),
    views: new ViewRepository(db),
    resume: new ResumeRepository(db),
  };
}

/** Returns `authenticate` for the context: resolves the caller, then counts the request. */
export function bindAuthenticate(
  ctx: Pick<AppContext, 'keys' | 'accounts' | 'config' | 'signingKeys' | 'publicOrigin'>,
  limiter: RateLimiter,
) {
  return (request: FastifyRequest, access: Access): Caller => {
    const caller = authenticate(request, access, {
      keys: ctx.keys,
      accounts: ctx.accounts,
      signingKeys: ctx.signingKeys,
      selfOrigin: ctx.publicOrigin(request),
    });
    countRequest(limiter, request, caller, ctx.config.playbackRequestsPerMinute);
    return caller;
  };
}
