/** `packet`: the numbered, tabbed, bookmarked exhibit packet in PDF (see src/packet). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { z } from 'zod';
import { problem } from '../errors/catalogue.js';
import { assemblePacket } from '../packet/assemble.js';
import { DEFAULT_PAGE_NUMBERS, pageLabel } from '../packet/numbers.js';
import { writePacket } from '../packet/volumes.js';
import { FILTERS } from '../render/filters.js';
import type { Model } from '../render/model.js';
import type { StepBase, StepKind } from './types.js';
import { LOAD_OPTIONS } from '../pdf/save.js';

const options = z.strictObject({
  output: z.string().min(1).describe('File name of the packet, a handlebars pattern, e.g. "{{caseId}}-exhibits.pdf"; volumes add _Part1, _Part2 …'),
  title: z.string().min(1).optional().describe('Document title on the first page; by default one suited to the proceeding'),
  pageNumbers: z
    .strictObject({
      format: z.string().min(1).optional().describe('Handlebars pattern: {{page}}, {{pages}} and model fields, e.g. "A{{aNumberDigits}}-{{page}}"'),
      pad: z.number().int().min(0).max(8).optional().describe('Pad {{page}} with zeros to this many digits, e.g. 4 → 0001'),
      position: z.enum(['bottom-center', 'bottom-right', 'bottom-left']).optional(),
      size: z.number().min(6).max(14).optional().describe('Font size in points'),
    })
    .optional()
    .describe('How pages are numbered (default: {{page}}, bottom centre, 10 pt)'),
  maxFileSizeMB: z.number().positive().optional().describe('Split into volumes above this size (default 25, the ECAS limit)'),
  certificateOfService: z.boolean().optional().describe('End with a certificate of service on DHS (default: for defensive cases)'),
  documents: z.array(z.string()).optional().describe('Ids of earlier steps whose PDF (e.g. the filled Form I-589) goes after the table of contents, bookmarked and listed; a step that wrote nothing (an optional form not downloaded) is left out'),
});

type PacketStepOptions = StepBase & z.infer<typeof options>;

function defaultTitle(m: Model): string {
  const relief = (m.reliefNames.length ? FILTERS.joinAnd(m.reliefNames) : 'asylum and withholding of removal').toUpperCase();
  return m.isDefensive
    ? `RESPONDENT’S EVIDENCE IN SUPPORT OF ${m.applicant.sex === 'female' ? 'HER' : 'HIS'} APPLICATION FOR ${relief}`
    : `EVIDENCE IN SUPPORT OF FORM I-589, APPLICATION FOR ${relief}`;
}

export const packetStep: StepKind<PacketStepOptions> = {
  kind: 'packet',
  description: 'Assemble the numbered, tabbed, bookmarked exhibit packet (PDF)',
  options,
  outputs: (o) => [o.output],
  references: (o) => o.documents ?? [],
  templates: () => [],
  async check(o, ctx) {
    return o.output.toLowerCase().endsWith('.pdf') ? [] : [problem('outputName', { output: o.output, detail: 'must end in .pdf' }, ctx.at(['output']))];
  },
  async run(o, ctx) {
    const model = ctx.model;
    const title = o.title ?? defaultTitle(model);
    const pageNumbers = { ...DEFAULT_PAGE_NUMBERS, ...o.pageNumbers };
    const evidenceIndex = new Map((ctx.case.intake.evidence ?? []).map((e, i) => [e.id, i]));
    const documents = [];
    for (const id of o.documents ?? []) {
      const result = ctx.results.get(id);
      const file = result?.files.find((f) => f.toLowerCase().endsWith('.pdf'));
      if (!result || !file) continue;
      const title = typeof result.data?.title === 'string' ? result.data.title : file;
      documents.push({ id, title, doc: await PDFDocument.load(await readFile(path.join(ctx.outDir, file)), LOAD_OPTIONS) });
    }
    const packet = await assemblePacket(model, {
      caseDir: ctx.case.dir,
      intakeFile: ctx.case.file,
      title,
      pageNumbers,
      certificateOfService: o.certificateOfService ?? model.isDefensive,
      evidenceIndex,
      documents,
    });
    // Metadata names the document, not the client: nothing beyond what the caption shows.
    const doc = packet.doc;
    doc.setTitle(title);
    doc.setCreator('asylum-packet');
    doc.setProducer('asylum-packet');
    const stamp = new Date(`${model.derived.filingDate}T12:00:00Z`);
    doc.setCreationDate(stamp);
    doc.setModificationDate(stamp);

    const name = ctx.outputName(o.output);
    const written = await writePacket(packet, ctx.outDir, name, (o.maxFileSizeMB ?? 25) * 1024 * 1024);
    const warnings = [...packet.warnings];
    for (const s of written.splitExhibits) {
      warnings.push(problem('exhibitSplit', { exhibit: s.section.title, parts: s.files.join(', ') }, { file: ctx.case.file }));
    }
    const pad = (n: number) => pageLabel(pageNumbers, n);
    const pageRanges = new Map(
      packet.sections.flatMap((s) =>
        s.exhibit ? [[s.exhibit.id, { firstPage: s.first + 1, lastPage: s.last + 1, firstLabel: pad(s.first + 1), lastLabel: pad(s.last + 1) }] as const] : [],
      ),
    );
    return {
      files: written.volumes.map((v) => v.file),
      pageRanges,
      warnings,
      data: { pages: doc.getPageCount(), volumes: written.volumes },
    };
  },
};
