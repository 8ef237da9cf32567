/** Finds what an id names for a caller: one of the account's uploads, or a catalog title. */
import type { Caller } from '../auth/authenticate.ts';
import type { AppContext } from '../context.ts';
import { ApiError, notFound } from '../errors.ts';
import type { CatalogTitle } from '../storage/catalog.ts';
import type { Upload } from '../storage/uploads.ts';
import { mediaId } from './serialize.ts';

export type Media = { kind: 'upload'; upload: Upload } | { kind: 'catalog'; title: CatalogTitle };

/** Returns the media named by `rawId`, or throws 400 for a malformed id and 404 for an unknown one. */
export function findMedia(ctx: AppContext, caller: Caller, rawId: string): Media {
  const id = mediaId(rawId);
  if (caller.key.mediaId && caller.key.mediaId !== id) {
    throw new ApiError(
      'forbidden',
      `This page token plays only title "${caller.key.mediaId}", not "${id}".`,
    );
  }
  const upload = ctx.uploads.get(id);
  if (upload && upload.accountId === caller.account.id) return { kind: 'upload', upload };
  const title = ctx.catalog.get(id);
  if (title) return { kind: 'catalog', title };
  throw notFound('title or upload', id);
}
