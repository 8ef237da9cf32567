/** Files of the builds under dist/, served with the caching that their names allow. */
import type { FastifyReply } from 'fastify';
import { createReadStream, existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ApiError, notFound } from '../errors.ts';

const root = resolve(import.meta.dirname, '..', '..', '..');

/** Cache lifetime of files whose URL stays the same across builds, in seconds. */
const STABLE_MAX_AGE = 300;

/** Content types of the files that these routes serve, by extension. */
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * Sends file `name` of the build folder `folder`. Files named in `stable`
 * keep their URL across builds, so they are cached briefly. The others have
 * a content hash in their names and are cached for a year.
 */
export function sendBuiltFile(
  reply: FastifyReply,
  folder: string,
  name: string,
  stable: string[],
): FastifyReply {
  const file = basename(name);
  const type = CONTENT_TYPES[file.slice(file.lastIndexOf('.'))];
  if (!type || file !== name) throw notFound('built file', name);
  const directory = join(root, folder);
  if (!existsSync(directory)) {
    throw new ApiError('unavailable', `${folder} is not built: run "npm run build".`);
  }
  const path = join(directory, file);
  if (!existsSync(path)) throw notFound('built file', name);
  const cache = stable.includes(file)
    ? `public, max-age=${STABLE_MAX_AGE}`
    : 'public, max-age=31536000, immutable';
  return reply.type(type).header('cache-control', cache).send(createReadStream(path));
}
