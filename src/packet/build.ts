/**
 * The packet of one case, as the `packet` step builds it: assembled from the model and the
 * documents of earlier steps, named in its metadata (never the client), written in volumes under
 * the size limit, and the exhibits' page ranges published to the steps after it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { problem } from '../errors/catalogue.js';
import { LOAD_OPTIONS } from '../pdf/save.js';
import { FILTERS } from '../render/filters.js';
import { withPageRanges, type Model } from '../render/model.js';
import type { PacketOptions } from '../steps/packet.js';
import type { RunContext, StepResult } from '../steps/types.js';
import { assemblePacket } from './assemble.js';
import { pageLabel } from './numbers.js';
import { writePacket } from './volumes.js';

function defaultTitle(m: Model): string {
  const relief = (m.reliefNames.length ? FILTERS.joinAnd(m.reliefNames) : 'asylum and withholding of removal').toUpperCase();
  const pronoun = m.applicant.sex === 'female' ? 'HER' : 'HIS';
  if (m.isSupplemental) return `RESPONDENT’S SUPPLEMENTAL FILING: EVIDENCE IN SUPPORT OF ${pronoun} APPLICATION FOR ${relief}`;
  return m.isDefensive
    ? `RESPONDENT’S EVIDENCE IN SUPPORT OF ${pronoun} APPLICATION FOR ${relief}`
    : `EVIDENCE IN SUPPORT OF FORM I-589, APPLICATION FOR ${relief}`;
}

export async function buildPacket(o: PacketOptions, ctx: RunContext): Promise<StepResult> {
  const model = ctx.model;
  const title = o.title ?? defaultTitle(model);
  const pageNumbers = o.pageNumbers;
  const evidenceIndex = new Map((ctx.case.intake.evidence ?? []).map((e, i) => [e.id, i]));
  const documents = [];
  for (const id of o.documents) {
    const result = ctx.results.get(id);
    const file = result?.files.find((f) => f.toLowerCase().endsWith('.pdf'));
    if (!result || !file) continue;
    const title = typeof result.data?.title === 'string' ? result.data.title : file;
    documents.push({ id, title, doc: await PDFDocument.load(await readFile(path.join(ctx.outDir, file)), LOAD_OPTIONS) });
  }
  const packet = await assemblePacket(model, {
    caseDir: ctx.case.dir,
    checked: ctx.case.checked,
    intakeFile: ctx.case.file,
    title,
    pageNumbers,
    certificateOfService: o.certificateOfService ?? model.isDefensive,
    evidenceIndex,
    documents,
    limits: ctx.limits,
    deadline: ctx.deadline,
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
  const written = await writePacket(packet, ctx.outDir, name, o.maxFileSizeMB * 1024 * 1024);
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
    publish: withPageRanges(model, pageRanges),
    warnings,
    data: { pages: doc.getPageCount(), volumes: written.volumes },
  };
}
