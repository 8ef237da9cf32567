/** Settings of the reference server, read from the environment in one place. */
import { resolve } from 'node:path';

export interface ServerConfig {
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Address to bind. Defaults to loopback because plain HTTP is for development. */
  host: string;
  /** Folder of the database, uploads, converted media and demo keys. */
  dataDir: string;
  /** Public origin used in URLs the API returns; derived from the request's Host when unset. */
  publicUrl: string | undefined;
  /** Explicit ffmpeg and ffprobe binaries; looked up on PATH, then in npm packages, when unset. */
  ffmpegPath: string | undefined;
  ffprobePath: string | undefined;
  /** Lifetime of signed media URLs, in seconds. */
  mediaUrlTtl: number;
  /** Conversions that may run at once. */
  conversionConcurrency: number;
  logLevel: string;
  /** Creates the demo account and title on first start. */
  demo: boolean;
}

/** Reads the configuration from `env`, rejecting values that are not valid. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.CNX_DATA_DIR || './data'),
    publicUrl: env.CNX_PUBLIC_URL ? env.CNX_PUBLIC_URL.replace(/\/+$/, '') : undefined,
    ffmpegPath: env.FFMPEG_PATH || undefined,
    ffprobePath: env.FFPROBE_PATH || undefined,
    mediaUrlTtl: integer(env, 'CNX_MEDIA_URL_TTL', 6 * 3600, 60, 7 * 24 * 3600),
    conversionConcurrency: integer(env, 'CNX_CONVERSION_CONCURRENCY', 1, 1, 16),
    logLevel: env.LOG_LEVEL || 'info',
    demo: env.CNX_DEMO !== 'false',
  };
}

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}=${raw} is invalid: set it to a whole number from ${min} to ${max}.`);
  }
  return value;
}
