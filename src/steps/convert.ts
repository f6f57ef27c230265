/**
 * `convert`: the Word documents an earlier step wrote, made into PDF by LibreOffice (one office per
 * process, reused: src/convert/office.ts), written beside them with the same name in .pdf. A packet
 * step that names this step in its `parts` places the PDF there, under `title`.
 *
 * LibreOffice not installed: with `optional: true` the step is skipped with a warning (AP3011) that
 * gives the install command; otherwise the case fails with AP3010. A conversion that fails, hangs
 * past `timeoutSeconds` or loses its office fails the case (AP3012); the office is restarted for
 * the next document.
 */
import path from 'node:path';
import { z } from 'zod';
import { problem } from '../errors/catalogue.js';
import { PacketError } from '../errors/problem.js';
import { defineStep } from './define.js';
import { filedDocument, signedByOption } from './filed-document.js';

const options = z.strictObject({
  from: z.string().min(1).describe('The id of the earlier step whose Word documents (.docx) are converted'),
  title: z.string().min(1).optional().describe('What the document is called in a packet\'s contents, a handlebars pattern, e.g. "Declaration of {{derived.fullName}}"; by default its file name'),
  optional: z.boolean().default(false).describe('When LibreOffice is not installed, skip with a warning instead of failing the case'),
  signedBy: signedByOption,
  timeoutSeconds: z.number().positive().max(3600).default(60).describe('Time limit of one document\'s conversion; over it, LibreOffice is stopped and the case fails'),
});

export const convertStep = defineStep({
  kind: 'convert',
  description: 'Convert the Word documents of an earlier step to PDF through LibreOffice',
  options,
  bind: (o) => ({
    // The PDFs are named after the Word documents, which the step named in `from` declares.
    outputs: [],
    references: { ids: [o.from], at: 'from' },
    inputs: async () => [],
    async run(ctx) {
      const source = ctx.results.get(o.from);
      const documents = (source?.files ?? []).filter((f) => f.toLowerCase().endsWith('.docx'));
      if (!documents.length) return { files: [] };
      // What the document is and who signs it, for the filing (also when it is not converted: it is then signed on paper).
      const data = { ...filedDocument(ctx, o.title ? ctx.expand(o.title) : documents[0]!.replace(/\.docx$/i, ''), o.signedBy) };
      const { sharedOffice, OfficeMissing } = await import('../convert/office.js');
      const office = sharedOffice();
      const files: string[] = [];
      for (const docx of documents) {
        ctx.deadline.check(`before ${docx} was converted to PDF`);
        const pdf = docx.replace(/\.docx$/i, '.pdf');
        try {
          await office.convert(path.join(ctx.outDir, docx), path.join(ctx.outDir, pdf), o.timeoutSeconds * 1000);
        } catch (err) {
          const detail = (err as Error).message;
          if (err instanceof OfficeMissing) {
            if (o.optional) return { files: [], warnings: [problem('conversionSkipped', { detail }, { file: ctx.case.file })], data };
            throw new PacketError(problem('converterMissing', { document: docx, detail }, { file: ctx.case.file }));
          }
          throw new PacketError(problem('conversionFailed', { document: docx, detail }, { file: ctx.case.file }));
        }
        files.push(pdf);
      }
      return { files, data };
    },
  }),
});
