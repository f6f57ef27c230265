/**
 * `consistency`: the intake compared with the intake as filed at each earlier filing that names a
 * snapshot (src/history), and the claim summary with the declaration's events (a warning, AP6007,
 * for what the summary states and no event supports), written as Markdown and HTML; nothing when
 * there is neither an earlier filing nor such a statement. With
 * `requireAcknowledged`, a difference the intake does not acknowledge stops the case (AP6004),
 * listing each one with its id; otherwise each filing with differences left is a warning (AP6005).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { problem } from '../errors/catalogue.js';
import { PacketError, type Problem } from '../errors/problem.js';
import { defineStep } from './define.js';
import type { StepResult } from './types.js';

/** What a consistency step tells the steps and the builder after it: counts and ids' hashes, never the client's values. */
export interface ConsistencyData {
  /** Per earlier filing compared. */
  consistency: { stage: string; filedOn: string; snapshot: string; compared: boolean; differences: number; acknowledged: number; ids: string[] }[];
  /** The claim summary against the declaration. */
  withinFiling: { unsupported: number; kinds: string[] };
  /** The Markdown report it wrote. */
  report: string;
}

/** The data of the pipeline's consistency step that wrote a report, if any. */
export function consistencyData(results: ReadonlyMap<string, StepResult>): ConsistencyData | undefined {
  for (const r of results.values()) {
    const data = r.data as Partial<ConsistencyData> | undefined;
    if (Array.isArray(data?.consistency) && data.withinFiling && typeof data.report === 'string') return data as ConsistencyData;
  }
  return undefined;
}

const options = z.strictObject({
  output: z.string().min(1).default('{{caseId}}-consistency-report').describe('File name without extension, a handlebars pattern; .md and .html are written'),
  requireAcknowledged: z.boolean().default(false).describe('Stop the case while a difference from an earlier filing is not acknowledged in the intake (the court filing does)'),
});

export const consistencyStep = defineStep({
  kind: 'consistency',
  description: 'Compare the intake with the intake as filed at each earlier filing, and the claim summary with the declaration; write what differs as Markdown and HTML',
  options,
  bind: (o) => ({
    outputs: [`${o.output}.md`, `${o.output}.html`],
    inputs: async () => [],
    async run(ctx) {
      const { consistencyReport, unacknowledged } = await import('../history/consistency.js');
      const report = await consistencyReport(ctx.case, ctx.model.today, ctx.evidenceHashes);
      if (!report.filings.length && !report.unsupported.length) return { files: [] };
      const open = unacknowledged(report);
      const file = ctx.case.file;
      if (o.requireAcknowledged && open.length) {
        const list = open.map(({ filing, difference: d }) => `${d.id} (the ${filing.stage} filing of ${filing.filedOn}: ${d.what}${d.words ? '' : `, ${JSON.stringify(d.before)} → ${JSON.stringify(d.after)}`})`);
        throw new PacketError(problem('differencesUnacknowledged', { count: open.length, list }, { file, path: 'acknowledgements' }));
      }
      const { consistencyHtml, consistencyMarkdown } = await import('../history/consistency-render.js');
      const name = ctx.outputName(o.output);
      await writeFile(path.join(ctx.outDir, `${name}.md`), consistencyMarkdown(report));
      await writeFile(path.join(ctx.outDir, `${name}.html`), consistencyHtml(report));
      const warnings: Problem[] = report.filings.flatMap((f) => {
        const left = f.differences.filter((d) => !d.acknowledged).length;
        return f.unreadable
          ? [problem('snapshotNotCompared', { stage: f.stage, date: f.filedOn, detail: f.unreadable }, { file, path: 'proceeding.priorFilings' })]
          : left
            ? [problem('differencesFound', { count: left, stage: f.stage, date: f.filedOn, report: `${name}.md` }, { file, path: 'acknowledgements' })]
            : [];
      });
      if (report.unsupported.length) {
        const list = report.unsupported.map((u) => `"${u.quote}" (${u.reason})`);
        warnings.push(problem('summaryNotInDeclaration', { count: report.unsupported.length, list, report: `${name}.md` }, { file, path: report.unsupported[0]!.path }));
      }
      return {
        files: [`${name}.md`, `${name}.html`],
        warnings,
        // For the manifest: counts and ids' hashes only, never the values (they are the client's).
        data: {
          report: `${name}.md`,
          withinFiling: { unsupported: report.unsupported.length, kinds: [...new Set(report.unsupported.map((u) => u.kind))] },
          consistency: report.filings.map((f): ConsistencyData['consistency'][number] => ({ stage: f.stage, filedOn: f.filedOn, snapshot: f.snapshot, compared: !f.unreadable, differences: f.differences.length, acknowledged: f.differences.filter((d) => d.acknowledged).length, ids: f.differences.map((d) => d.id.slice(d.id.lastIndexOf('#') + 1)) })),
        },
      };
    },
  }),
});
