/**
 * A failure of the file system in words a paralegal can act on (permission denied, a full or
 * read-only disk, a folder removed), and whether it was the output that could not be written.
 */
import path from 'node:path';

/**
 * What the file system said, in words, when writing the case's output failed for a reason the
 * user can fix (permissions, a read-only or full disk, a folder removed under it); undefined for
 * anything else, which stays an unexpected failure.
 */
export function fileSystemFailure(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  const where = e?.path ? ` (${e.path})` : '';
  switch (e?.code) {
    case 'ELINKOUT':
      return `a link stands where the case's folder should be${where}: asylum-packet never writes through a link, which could lead outside the output folder (into another client's filing); remove the link`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied${where}`;
    case 'EROFS':
      return `the disk is read-only${where}`;
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open at once';
    case 'ENOENT':
      return `a folder it writes into was removed${where}`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `a file stands where a folder is needed${where}`;
    default:
      return undefined;
  }
}

/** Codes that only writing gives. */
const WRITE_ONLY = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

/**
 * In words, a failure while writing into `outDir` (a step's staging folder): a full or read-only
 * disk, or any file system failure on a path inside it. Undefined for anything else (a template
 * that cannot be read is the step's failure, not the output's).
 */
export function outputFailure(err: unknown, outDir: string): string | undefined {
  const words = fileSystemFailure(err);
  if (!words) return undefined;
  const e = err as NodeJS.ErrnoException;
  const inside = typeof e.path === 'string' && !path.relative(outDir, e.path).startsWith('..');
  return WRITE_ONLY.has(e.code ?? '') || inside ? words : undefined;
}
