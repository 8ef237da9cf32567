/**
 * File storage of uploads and their converted media, behind an interface
 * so that another backend can replace the local disk.
 */
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { randomBase62 } from '../ids.ts';

export interface FileStore {
  /** Returns a new path under the temporary folder for a body being received. */
  temporaryPath(): Promise<string>;
  /** Moves a finished temporary file to be the source of upload `id`. */
  adoptSource(id: string, temporaryPath: string): Promise<string>;
  sourcePath(id: string): string;
  /** Folder of everything stored for upload `id`. */
  mediaDir(id: string): string;
  /** Lists the ids that have a media folder, whether or not a record exists for them. */
  listMediaIds(): Promise<string[]>;
  /** Folder of the converted HLS output of upload `id`. */
  outputDir(id: string): string;
  /**
   * Resolves `relative` inside the output folder of `id`, or returns
   * undefined when it would point outside it.
   */
  resolveOutput(id: string, relative: string): string | undefined;
  /** Removes everything stored for upload `id`. */
  remove(id: string): Promise<void>;
  /** Removes files of bodies that were being received when the server stopped. */
  clearTemporary(): Promise<void>;
}

/** Stores files under one folder: `media/<id>/source` and `media/<id>/hls/`. */
export class LocalFileStore implements FileStore {
  private readonly mediaRoot: string;
  private readonly tmpRoot: string;

  constructor(dataDir: string) {
    this.mediaRoot = join(dataDir, 'media');
    this.tmpRoot = join(dataDir, 'tmp');
  }

  async temporaryPath(): Promise<string> {
    await mkdir(this.tmpRoot, { recursive: true });
    return join(this.tmpRoot, `${Date.now()}-${randomBase62(8)}.part`);
  }

  async adoptSource(id: string, temporaryPath: string): Promise<string> {
    await mkdir(join(this.mediaRoot, id), { recursive: true });
    const target = this.sourcePath(id);
    await rename(temporaryPath, target);
    return target;
  }

  sourcePath(id: string): string {
    return join(this.mediaRoot, id, 'source');
  }

  mediaDir(id: string): string {
    return join(this.mediaRoot, id);
  }

  async listMediaIds(): Promise<string[]> {
    const entries = await readdir(this.mediaRoot, { withFileTypes: true }).catch(() => []);
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  }

  outputDir(id: string): string {
    return join(this.mediaRoot, id, 'hls');
  }

  resolveOutput(id: string, relative: string): string | undefined {
    const base = this.outputDir(id);
    const target = resolve(base, relative);
    return target.startsWith(base + sep) ? target : undefined;
  }

  async remove(id: string): Promise<void> {
    await rm(join(this.mediaRoot, id), { recursive: true, force: true });
  }

  async clearTemporary(): Promise<void> {
    await rm(this.tmpRoot, { recursive: true, force: true });
  }
}
