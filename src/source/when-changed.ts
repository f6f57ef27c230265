/**
 * What a file gives (its bytes, a parsed field map…), made again only when the file changes
 * (modified time or size): templates and field maps are asked for by every case of a batch and
 * by a watcher that runs for days, and change rarely. A file that cannot be read is not kept.
 */
import { stat } from 'node:fs/promises';

export function whenChanged<T>(make: (file: string) => Promise<T>): (file: string) => Promise<T> {
  const kept = new Map<string, { stamp: string; value: Promise<T> }>();
  return async (file) => {
    const info = await stat(file).catch(() => undefined);
    if (!info) return make(file);
    const stamp = `${info.mtimeMs}:${info.size}`;
    const hit = kept.get(file);
    if (hit?.stamp === stamp) return hit.value;
    const value = make(file);
    kept.set(file, { stamp, value });
    value.catch(() => kept.delete(file));
    return value;
  };
}
