/** Folders that ship with the package (the default templates and pipelines), and its version. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's root folder: the nearest folder above this file with asylum-packet's
 * package.json (this file runs from src/, from dist/, or bundled into dist/bundle/).
 */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'asylum-packet') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`asylum-packet: no package.json of asylum-packet above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

export const PACKAGE_ROOT = packageRoot();
export const DEFAULT_TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');
export const DEFAULT_PIPELINES_DIR = path.join(PACKAGE_ROOT, 'pipelines');
export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
