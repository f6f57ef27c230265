/**
 * The manifest of a built pipeline, `<out>/<caseId>/<pipeline>/manifest.json`: what it was built
 * from (content hashes), what it wrote (sha256 and size), the exhibits' page ranges and the
 * warnings. Published with the outputs, so it always describes exactly what is there.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { persistedRules } from '../filing-rules/in-build.js';
import type { PipelineRun } from '../pipeline/run.js';
import { consistencyData, type ConsistencyData } from '../steps/consistency.js';
import { sha256File, type PipelineInputs } from './fingerprint.js';
import { DEFAULT_MODES, persistedProblem, type OutputModes, type PersistedProblem } from './privacy.js';

const MANIFEST = 'manifest.json';

/** Version 2 (2026-11-29): warnings and errors carry the catalogue's title instead of the message. */
export interface Manifest {
  manifestVersion: 2;
  caseId: string;
  pipeline: string;
  inputs: PipelineInputs;
  outputs: { file: string; sha256: string; bytes: number }[];
  /** Each exhibit's pages in the packet, by exhibit id, with its tab letter. */
  pageRanges: Record<string, { tab?: string; firstPage: number; lastPage: number }>;
  /**
   * Code, name, severity and the catalogue's title (and its hint when it quotes nothing): never the
   * message, which may quote a client's values (the glyphs of a name, a date, a phone number).
   */
  warnings: Warning[];
  /** Steps that failed alone (their documents are missing); a pipeline with any is built again next time. */
  errors?: Warning[];
  /**
   * The consistency with earlier filings (a `consistency` step): per filing, how many differences and
   * how many acknowledged, and the differences' id hashes (never their values: they are the client's).
   */
  consistency?: ConsistencyData['consistency'];
  /** The claim summary against the declaration (a `consistency` step): how many statements no event supports, and their kinds. */
  withinFiling?: ConsistencyData['withinFiling'];
  /** The filing rules' results at the end of the build: each rule's id, severity and source, never its message. */
  rules: { id: string; severity: string; source: string }[];
}

type Warning = PersistedProblem;

export async function writeManifest(dir: string, caseId: string, run: PipelineRun, inputs: PipelineInputs, modes: OutputModes = DEFAULT_MODES): Promise<void> {
  const outputs = await Promise.all(
    run.files.map(async (file) => ({ file, sha256: await sha256File(path.join(dir, file)), bytes: (await stat(path.join(dir, file))).size })),
  );
  const ranges: Manifest['pageRanges'] = {};
  for (const x of run.model.exhibits) if (x.firstPage !== undefined && x.lastPage !== undefined) ranges[x.id] = { tab: x.tab, firstPage: x.firstPage, lastPage: x.lastPage };
  const manifest: Manifest = {
    manifestVersion: 2,
    caseId,
    pipeline: run.pipeline,
    inputs,
    outputs,
    pageRanges: ranges,
    // Codes and titles only: a manifest persists and may be shared; messages may quote client
    // data, and locations name local paths. The terminal shows the full messages.
    warnings: run.warnings.map(persistedProblem),
    ...(run.errors.length ? { errors: run.errors.map(persistedProblem) } : {}),
    ...consistencyOf(run),
    rules: persistedRules(run.rules),
  };
  // Its final mode is set with the rest of the staged tree when it is published (publish.ts).
  await writeFile(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n', { mode: modes.file });
}

function consistencyOf(run: PipelineRun): Pick<Manifest, 'consistency' | 'withinFiling'> {
  const data = consistencyData(run.results);
  return data ? { consistency: data.consistency, withinFiling: data.withinFiling } : {};
}

/** The manifest of what is published, or undefined when there is none (or it is unreadable). */
export async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    const m = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as Manifest;
    return m.manifestVersion === 2 ? m : undefined;
  } catch {
    return undefined;
  }
}
