/**
 * What a pipeline's outputs depend on, by content: the intake, every file it refers to, the
 * pipeline file, the templates, forms and field maps its steps read, the tool's version and the
 * build date. Equal fingerprints mean the outputs would be the same, so the build is skipped.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { problem } from '../errors/catalogue.js';
import { PacketError } from '../errors/problem.js';
import { FileChangedError, fileReferences, openChecked, resolveReference, type CheckedFile, type FileReference } from '../intake/files.js';
import type { Case } from '../intake/validate.js';
import { PACKAGE_VERSION } from '../paths.js';
import type { Pipeline } from '../pipeline/load.js';
import { whenChanged } from '../source/when-changed.js';

export interface InputFile {
  /** As the manifest shows it: relative to the intake's folder, or to the templates/pipelines folder. */
  path: string;
  sha256: string;
}

export interface PipelineInputs {
  tool: { name: 'asylum-packet'; version: string };
  today: string;
  intake: InputFile;
  evidence: InputFile[];
  pipeline: InputFile;
  templates: InputFile[];
  fingerprint: string;
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** sha256 of a file, or "missing" (an optional form not downloaded yet is an input too). */
const hashOrMissing = (file: string) => sha256File(file).catch(() => 'missing');

/**
 * The same for the pipeline's own files (pipeline, templates, forms, field maps): every case of a
 * batch reads them, and they change rarely, so each is hashed again only when it changes.
 */
const hashDefinition = whenChanged(hashOrMissing);

/**
 * sha256 of a file the intake names, read from the handle openChecked verified: the file checked,
 * never a link swapped in since. "missing" when it cannot be read (or was never checked); the
 * packet says why. A file that is no longer the one checked throws FileChangedError.
 */
async function hashChecked(checked: CheckedFile | undefined): Promise<string> {
  if (!checked) return 'missing';
  let fh;
  try {
    fh = await openChecked(checked);
  } catch (err) {
    if (err instanceof FileChangedError) throw err;
    return 'missing';
  }
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.alloc(1024 * 1024);
    let total = 0;
    for (let n = -1; n !== 0; total += n) {
      n = (await fh.read(buffer, 0, buffer.length, total)).bytesRead;
      hash.update(buffer.subarray(0, n));
      if (total + n > checked.size) break;
    }
    if (total !== checked.size) throw new FileChangedError(checked.real, `its size changed (${checked.size} bytes when checked, ${total > checked.size ? 'more' : total} now)`);
    return hash.digest('hex');
  } catch (err) {
    if (err instanceof FileChangedError) throw err;
    return 'missing';
  } finally {
    await fh.close();
  }
}

/** How a problem names a file the intake refers to, and where the intake names it. */
function named(c: Case, r: FileReference): { exhibit: string; path: string } {
  const at = r.path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
  if (r.path[0] === 'evidence') {
    const id = c.intake.evidence?.[r.path[1] as number]?.id;
    return { exhibit: `Exhibit ${JSON.stringify(id ?? at)}${r.path[2] === 'translation' ? ' (English translation)' : ''}`, path: at };
  }
  return { exhibit: `The snapshot of ${at.replace(/\.snapshot$/, '')}`, path: at };
}

/** The case's own inputs, hashed once for all its pipelines: the intake, every file it names and its signed scans, as checked. */
export async function caseInputs(c: Case): Promise<{ intake: InputFile; evidence: InputFile[] }> {
  const files = [
    ...fileReferences(c.intake).map((r) => ({ path: r.value, full: resolveReference(c.dir, r.value), named: () => named(c, r), at: c.file })),
    // The signed scans too: one dropped into signed/ rebuilds the case with it in place.
    ...[...c.signed.values()].map((rel) => ({ path: rel, full: path.join(c.dir, rel), named: () => ({ exhibit: 'The signed scan', path: undefined }), at: path.join(c.dir, rel) })),
  ];
  const evidence = await Promise.all(
    files.map(async (f) => {
      try {
        return { path: f.path, sha256: await hashChecked(c.checked.get(f.full)) };
      } catch (err) {
        const { exhibit, path: at } = f.named();
        throw new PacketError(problem('fileChanged', { exhibit, file: f.path, detail: (err as FileChangedError).detail }, { file: f.at, ...(at ? { path: at } : {}) }), { cause: err });
      }
    }),
  );
  return { intake: { path: path.basename(c.file), sha256: await sha256File(c.file) }, evidence };
}

/**
 * A pipeline's inputs for one case, with their fingerprint; and `read`, every file it reads
 * (absolute), which a watcher watches on the case's behalf.
 */
export async function pipelineInputs(own: { intake: InputFile; evidence: InputFile[] }, pipeline: Pipeline, opts: { templatesDir: string; today: string }): Promise<{ inputs: PipelineInputs; read: string[] }> {
  const readFiles = new Set<string>();
  for (const step of pipeline.steps) for (const f of await step.bound.inputs()) readFiles.add(f);
  // Named relative to their folder, so a checkout can move without every case rebuilding.
  const shown = (f: string) => {
    const t = path.relative(opts.templatesDir, f);
    return t.startsWith('..') ? `pipelines/${path.relative(path.dirname(pipeline.file), f)}` : `templates/${t}`;
  };
  const read = [...readFiles].sort();
  const templates = await Promise.all(read.map(async (f) => ({ path: shown(f), sha256: await hashDefinition(f) })));
  const inputs = {
    tool: { name: 'asylum-packet' as const, version: PACKAGE_VERSION },
    today: opts.today,
    intake: own.intake,
    evidence: own.evidence,
    pipeline: { path: path.basename(pipeline.file), sha256: await hashDefinition(pipeline.file) },
    templates,
  };
  const fingerprint = createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
  return { inputs: { ...inputs, fingerprint }, read: [pipeline.file, ...read] };
}
