/**
 * Finds the ffmpeg and ffprobe binaries: an explicit setting first, then
 * the PATH (Debian's ffmpeg 5.1), then the static builds of the npm
 * packages @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe.
 */
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

export interface Binaries {
  ffmpeg: string;
  ffprobe: string;
}

const require = createRequire(import.meta.url);

/** Resolves both binaries, throwing an error that explains how to install them. */
export function findBinaries(explicit: { ffmpeg?: string; ffprobe?: string } = {}): Binaries {
  return {
    ffmpeg: findBinary('ffmpeg', explicit.ffmpeg, '@ffmpeg-installer/ffmpeg', 'FFMPEG_PATH'),
    ffprobe: findBinary('ffprobe', explicit.ffprobe, '@ffprobe-installer/ffprobe', 'FFPROBE_PATH'),
  };
}

function findBinary(
  name: string,
  explicit: string | undefined,
  npmPackage: string,
  setting: string,
): string {
  if (explicit) {
    if (!isExecutable(explicit)) {
      throw new Error(`${setting}=${explicit} is not an executable file: fix or unset it.`);
    }
    return explicit;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  try {
    const { path } = require(npmPackage) as { path: string };
    if (isExecutable(path)) return path;
  } catch {
    // The npm package is optional; the error below explains what to do.
  }
  throw new Error(
    `${name} not found: install it (apt-get install ffmpeg), set ${setting}, or npm install ${npmPackage}.`,
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
