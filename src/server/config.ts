/** Settings of the reference server, read from the environment in one place. */
import { resolve } from 'node:path';
import { MAX_UPLOAD_BYTES } from '../api/limits.ts';
import { isPlanName, PLANS, type PlanName } from './limits/plans.ts';

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
  /** PEM certificate and key files; with both set, the server speaks TLS and sends HSTS. */
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  /** Trust X-Forwarded-For and X-Forwarded-Proto from a TLS-terminating proxy in front. */
  trustProxy: boolean;
  /** Length of a rate-limit window in milliseconds; a minute unless a test shortens it. */
  rateLimitWindowMs: number;
  /** Time a connection may send and read nothing before it is closed, in ms. */
  idleTimeoutMs: number;
  /** Requests a minute that one client address may make with one embed key. */
  playbackRequestsPerMinute: number;
  /** Plan of the demo account. */
  demoPlan: PlanName;
  /** Storage quota of the demo account in bytes; undefined means the plan's default. */
  demoQuotaBytes: number | undefined;
  /** Largest accepted upload file in bytes; 10 GB unless a test lowers it. */
  maxUploadBytes: number;
  /** How long the catalog resolver trusts a source check, and how often it re-checks, in ms. */
  catalogRefreshMs: number;
  /** Timeout of a catalog source's health check, in ms. */
  catalogTimeoutMs: number;
  /** Conversions that may run at once. */
  conversionConcurrency: number;
  logLevel: string;
  /** Creates the demo account and its keys on first start. */
  demo: boolean;
  /** Also creates the demo title; tests that need no video turn it off to start faster. */
  demoTitle: boolean;
}

/** Reads the configuration from `env`, rejecting values that are not valid. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const config: ServerConfig = {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.CNX_DATA_DIR || './data'),
    publicUrl: env.CNX_PUBLIC_URL ? env.CNX_PUBLIC_URL.replace(/\/+$/, '') : undefined,
    ffmpegPath: env.FFMPEG_PATH || undefined,
    ffprobePath: env.FFPROBE_PATH || undefined,
    mediaUrlTtl: integer(env, 'CNX_MEDIA_URL_TTL', 6 * 3600, 60, 7 * 24 * 3600),
    tlsCert: env.CNX_TLS_CERT || undefined,
    tlsKey: env.CNX_TLS_KEY || undefined,
    trustProxy: env.CNX_TRUST_PROXY === 'true',
    rateLimitWindowMs: integer(env, 'CNX_RATE_LIMIT_WINDOW_MS', 60_000, 100, 3_600_000),
    idleTimeoutMs: integer(env, 'CNX_IDLE_TIMEOUT_MS', 60_000, 100, 3_600_000),
    playbackRequestsPerMinute: integer(env, 'CNX_PLAYBACK_RATE_LIMIT', 600, 1, 1_000_000),
    demoPlan: plan(env, 'CNX_DEMO_PLAN', 'free'),
    demoQuotaBytes: env.CNX_DEMO_QUOTA_BYTES
      ? integer(env, 'CNX_DEMO_QUOTA_BYTES', 0, 0, Number.MAX_SAFE_INTEGER)
      : undefined,
    maxUploadBytes: integer(env, 'CNX_MAX_UPLOAD_BYTES', MAX_UPLOAD_BYTES, 1, MAX_UPLOAD_BYTES),
    catalogRefreshMs: integer(env, 'CNX_CATALOG_REFRESH_MS', 30_000, 100, 3_600_000),
    catalogTimeoutMs: integer(env, 'CNX_CATALOG_TIMEOUT_MS', 3_000, 50, 60_000),
    conversionConcurrency: integer(env, 'CNX_CONVERSION_CONCURRENCY', 1, 1, 16),
    logLevel: env.LOG_LEVEL || 'info',
    demo: env.CNX_DEMO !== 'false',
    demoTitle: env.CNX_DEMO_TITLE !== 'false',
  };
  checkTransport(config);
  return config;
}

/** Returns whether `host` is a loopback address or name. */
export function isLoopback(host: string): boolean {
  return (
    host === 'localhost' ||
    host === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === '::ffff:127.0.0.1'
  );
}

/**
 * Rejects settings that would serve the API over plain HTTP to other
 * machines: HTTPS is required everywhere but on loopback.
 */
function checkTransport(config: ServerConfig): void {
  if (Boolean(config.tlsCert) !== Boolean(config.tlsKey)) {
    throw new Error('Set both CNX_TLS_CERT and CNX_TLS_KEY (PEM files), or neither.');
  }
  if (!config.tlsCert && !config.trustProxy && !isLoopback(config.host)) {
    throw new Error(
      `HOST=${config.host} would serve plain HTTP off this machine: set CNX_TLS_CERT and ` +
        'CNX_TLS_KEY, or CNX_TRUST_PROXY=true behind a TLS-terminating proxy, or bind to 127.0.0.1.',
    );
  }
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

function plan(env: NodeJS.ProcessEnv, name: string, fallback: PlanName): PlanName {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!isPlanName(raw)) {
    throw new Error(`${name}=${raw} is invalid: use one of ${Object.keys(PLANS).join(', ')}.`);
  }
  return raw;
}
