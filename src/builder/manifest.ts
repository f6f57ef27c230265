/**
 * The manifest of a built pipeline, `<out>/<caseId>/<pipeline>/manifest.json`: what it was built
 * from (content hashes), what it wrote (sha256 and size), the exhibits' page ranges and the
 * warnings. Published with the outputs, so it always describes exactly what is there.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Problem } from '../errors/problem.js';
import type { PipelineRun } from '../pipeline/run.js';
import { sha256File, type PipelineInputs } from './fingerprint.js';

const MANIFEST = 'manifest.json';

export interface Manifest {
  manifestVersion: 1;
  caseId: string;
  pipeline: string;
  inputs: PipelineInputs;
  outputs: { file: string; sha256: string; bytes: number }[];
  pageRanges: Record<string, { firstPage: number; lastPage: number }>;
  warnings: Pick<Problem, 'code' | 'name' | 'message'>[];
  /** Steps that failed alone (their documents are missing); a pipeline with any is built again next time. */
  errors?: Pick<Problem, 'code' | 'name' | 'message'>[];
}

export async function writeManifest(dir: string, caseId: string, run: PipelineRun, inputs: PipelineInputs): Promise<void> {
  const outputs = await Promise.all(
    run.files.map(async (file) => ({ file, sha256: await sha256File(path.join(dir, file)), bytes: (await stat(path.join(dir, file))).size })),
  );
  const ranges: Manifest['pageRanges'] = {};
  for (const x of run.model.exhibits) if (x.firstPage !== undefined && x.lastPage !== undefined) ranges[x.id] = { firstPage: x.firstPage, lastPage: x.lastPage };
  const manifest: Manifest = {
    manifestVersion: 1,
    caseId,
    pipeline: run.pipeline,
    inputs,
    outputs,
    pageRanges: ranges,
    // Codes and messages only: a manifest may be shared, and locations name local paths.
    warnings: run.warnings.map((w) => ({ code: w.code, name: w.name, message: w.message })),
    ...(run.errors.length ? { errors: run.errors.map((e) => ({ code: e.code, name: e.name, message: e.message })) } : {}),
  };
  await writeFile(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
}

/** The manifest of what is published, or undefined when there is none (or it is unreadable). */
export async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    const m = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as Manifest;
    return m.manifestVersion === 1 ? m : undefined;
  } catch {
    return undefined;
  }
}
