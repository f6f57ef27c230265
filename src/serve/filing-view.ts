/**
 * A case's filing as the web app shows it: per pipeline, every output file, the packet, each
 * exhibit with its tab, its pages and what happened to it, the checklist and the consistency
 * report. Read from the published manifests (only those this intake made) and the intake.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExhibitView, Filing, FilingPipeline, OutputFile, ProblemView } from './api.js';
import { publishedFor } from './case-book.js';
import { viewOfKept } from './problem-view.js';
import { list, obj, rulesOf, str } from './loose.js';


/** Which exhibit (by index in evidence[]) a problem's JSON path points into. */
const exhibitIndex = (p: ProblemView) => (p.path ? /^evidence\[(\d+)\]/.exec(p.path)?.[1] : undefined);

const IMAGE = /\.(jpe?g|png|tiff?)$/i;

export function outputUrl(intakeName: string, pipeline: string, name: string): string {
  return `/api/cases/${encodeURIComponent(intakeName)}/outputs/${encodeURIComponent(pipeline)}/${encodeURIComponent(name)}`;
}

export async function filingOf(o: { outDir: string; intakeName: string; intake: unknown; problems: ProblemView[] }): Promise<Filing | undefined> {
  const caseId = str(obj(o.intake)?.caseId);
  if (!caseId) return undefined;
  const published = await publishedFor(o.outDir, caseId, o.intakeName);
  if (!published.length) return undefined;
  const evidence = list(obj(o.intake)?.evidence).map((e) => obj(e) ?? {});
  const pipelines: FilingPipeline[] = [];
  for (const p of published) {
    const m = p.manifest;
    const files: OutputFile[] = list(m.outputs).flatMap((f) => {
      const x = obj(f);
      const name = str(x?.file);
      return name && name === path.basename(name) ? [{ name, bytes: typeof x!.bytes === 'number' ? x!.bytes : 0, url: outputUrl(o.intakeName, p.pipeline, name) }] : [];
    });
    const warnings = list(m.warnings).map((w) => viewOfKept(obj(w) ?? {}));
    const ocrSkipped = warnings.some((w) => w.code === 'AP4106') || o.problems.some((w) => w.code === 'AP4106');
    const ranges = obj(m.pageRanges) ?? {};
    const exhibits: ExhibitView[] = evidence.map((e, i) => {
      const id = str(e.id) ?? `#${i + 1}`;
      const range = obj(ranges[id]);
      const own = o.problems.filter((x) => exhibitIndex(x) === String(i));
      const file = str(e.file) ?? '';
      const flags: ExhibitView['flags'] = [];
      if (typeof e.password === 'string' && e.password) flags.push('encrypted');
      if (own.some((x) => x.code === 'AP4103')) flags.push('repaired');
      if (own.some((x) => x.code === 'AP4108') || (ocrSkipped && IMAGE.test(file))) flags.push('image-without-text');
      return {
        id,
        tab: str(range?.tab),
        title: str(e.title) ?? '',
        firstPage: typeof range?.firstPage === 'number' ? range.firstPage : null,
        lastPage: typeof range?.lastPage === 'number' ? range.lastPage : null,
        file,
        translation: str(obj(e.translation)?.file),
        warnings: own,
        flags,
      };
    });
    const named = (suffix: string) => files.find((f) => f.name.endsWith(suffix));
    const text = async (f: OutputFile | undefined) => (f ? readFile(path.join(p.dir, f.name), 'utf8').catch(() => null) : null);
    pipelines.push({
      pipeline: p.pipeline,
      builtAt: p.builtAt || null,
      files,
      packet: files.find((f) => /-exhibits(-\d+)?\.pdf$/.test(f.name)) ?? files.find((f) => f.name.endsWith('.pdf') && !/i-589/i.test(f.name)) ?? null,
      exhibits,
      checklist: await text(named('-filing-checklist.md')),
      consistency: await text(named('-consistency-report.md')),
      warnings,
      rules: rulesOf(m),
    });
  }
  return { file: o.intakeName, caseId, pipelines };
}
