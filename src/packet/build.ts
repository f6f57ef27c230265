/**
 * The filing of one case, as the `packet` step builds it: its parts in the pipeline's order (the
 * documents of earlier steps among them), named in its metadata (never the client), written in
 * files under the size limit, and its parts' pages published to the steps after it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { problem } from '../errors/catalogue.js';
import { PacketError } from '../errors/problem.js';
import { LOAD_OPTIONS } from '../pdf/save.js';
import { FILTERS } from '../render/filters.js';
import { filingDocuments } from '../render/filing-documents.js';
import { serviceStatementNaming, withPageRanges, type Model } from '../render/model.js';
import { isGeneratedPart, type PacketOptions } from '../steps/packet.js';
import type { RunContext, StepResult } from '../steps/types.js';
import { filedDocumentOf } from '../steps/filed-document.js';
import { assemblePacket, type AssembledPacket, type Break, type PacketDocument, type PartPlan } from './assemble.js';
import { documentPageName, signedPageName, type SignedScan } from './signatures.js';
import { SIGNED_FOLDER } from '../intake/signed.js';
import { pageLabel, pageRange, pagesInWords, type PageNumberStyle } from './numbers.js';
import { exhibitProblem, loadChecked, loadSources } from './sources.js';
import { breakPlanner, saveVolumes, saveWhole, writeVolumes, type Volume } from './volumes.js';

function defaultTitle(m: Model): string {
  const relief = (m.reliefNames.length ? FILTERS.joinAnd(m.reliefNames) : 'asylum and withholding of removal').toUpperCase();
  const pronoun = m.applicant.sex === 'female' ? 'HER' : 'HIS';
  if (m.isSupplemental) return `RESPONDENT’S SUPPLEMENTAL FILING: EVIDENCE IN SUPPORT OF ${pronoun} APPLICATION FOR ${relief}`;
  return m.isDefensive
    ? `RESPONDENT’S EVIDENCE IN SUPPORT OF ${pronoun} APPLICATION FOR ${relief}`
    : `EVIDENCE IN SUPPORT OF FORM I-589, APPLICATION FOR ${relief}`;
}

/**
 * The parts of the filing, in the pipeline's order, with the documents earlier steps wrote; and
 * what a step that wrote none would have had signed (to be signed on paper).
 */
async function partsOf(o: PacketOptions, ctx: RunContext): Promise<{ parts: PartPlan[]; notInFiling: NotInFiling[] }> {
  const model = ctx.model;
  const notInFiling: NotInFiling[] = [];
  const document = async (id: string, tab?: string): Promise<PacketDocument | undefined> => {
    const result = ctx.results.get(id);
    const file = result?.files.find((f) => f.toLowerCase().endsWith('.pdf'));
    // A step that wrote no PDF (an optional form not downloaded, a conversion skipped) is left out,
    // and what it would have had signed is still listed, to be signed on paper.
    const facts = filedDocumentOf(result);
    if (!result || !file) {
      if (facts?.signedBy) notInFiling.push({ page: facts.title, signer: facts.signedBy });
      return undefined;
    }
    return { id, title: facts?.title ?? file, file, doc: await PDFDocument.load(await readFile(path.join(ctx.outDir, file)), LOAD_OPTIONS), ...(tab ? { tab } : {}), ...(facts?.signedBy ? { signedBy: facts.signedBy } : {}) };
  };
  const names = o.parts ?? (model.isDefensive ? ['cover', 'contents', 'exhibits', 'certificate-of-service'] : ['cover', 'contents', 'exhibits']);
  const parts: PartPlan[] = [];
  for (const name of names) {
    if (name === 'exhibits') {
      const documents = [];
      for (const d of model.documentExhibits) {
        const found = await document(d.step, d.tab);
        if (!found) throw new PacketError(problem('documentExhibitMissing', { step: d.step, tab: d.tab }, { file: ctx.case.file }));
        documents.push(found);
      }
      parts.push({ kind: 'exhibits', documents });
    } else if (isGeneratedPart(name)) parts.push({ kind: name as Exclude<typeof name, 'exhibits'> });
    else {
      const found = await document(name);
      if (found) parts.push({ kind: 'document', document: found });
    }
  }
  return { parts, notInFiling };
}

/** A document signed by hand that is not in the filing. */
interface NotInFiling {
  page: string;
  signer: string;
}

/**
 * The signed scans in the case's signed/ folder of the pages this filing has signed by hand (the
 * documents with signedBy, the certificates of translation, the certificate of service), loaded
 * as validation checked them; a scan that cannot be used fails the case, naming it.
 */
async function loadSignedScans(model: Model, documents: readonly PacketDocument[], parts: readonly PartPlan[], ctx: RunContext): Promise<Map<string, SignedScan>> {
  const names = [
    ...documents.filter((d) => d.signedBy).map((d) => documentPageName(d.file)),
    ...model.translations.map((t) => signedPageName(model, { translationTab: t.tab })),
    ...(parts.some((p) => p.kind === 'certificate-of-service') ? [signedPageName(model, 'certificate-of-service')] : []),
  ];
  const scans = new Map<string, SignedScan>();
  for (const name of names) {
    const rel = ctx.case.signed.get(name);
    if (!rel) continue;
    const full = path.join(ctx.case.dir, rel);
    try {
      scans.set(name, { rel, loaded: await loadChecked(full, ctx.case.checked, ctx.limits) });
    } catch (err) {
      throw new PacketError(exhibitProblem(err, `The signed scan ${rel}`, rel, { file: full }), { cause: err });
    }
  }
  return scans;
}

/** Every page of the filing a person signs, and after them what is signed on paper outside it. */
function signatureList(packet: AssembledPacket, style: PageNumberStyle, notInFiling: readonly NotInFiling[]): Model['signatures'] {
  return [
    ...packet.signatures.map((g) => ({
      page: g.page,
      signer: g.signer,
      file: g.scan ?? `${SIGNED_FOLDER}/${g.name}.pdf`,
      pages: pagesInWords(style, g.first, g.last),
      pageCount: g.last - g.first + 1,
      scan: g.first === g.last ? 'the signed page' : `the ${g.last - g.first + 1} signed pages`,
      signed: g.signed,
      electronic: g.electronic,
      inFiling: true,
    })),
    ...notInFiling.map((g) => ({ page: g.page, signer: g.signer, file: '', pages: '', pageCount: 0, scan: '', signed: false, electronic: false, inFiling: false })),
  ];
}

/** The filing's parts as the steps after the packet see them: every run of pages, in order, with its pages and file. */
function filingParts(packet: AssembledPacket, style: PageNumberStyle, volumes: number): Model['filingParts'] {
  return packet.sections.map((s) => ({
    title: s.kind === 'exhibit' ? s.title.replace(/^Tab [^:]+: /, '') : s.kind === 'continuation' ? `Cover page of ${s.title}` : s.title,
    ...(s.tab ? { tab: s.tab } : {}),
    pages: pageRange(style, s.first, s.last),
    ...(volumes > 1 ? { volume: packet.volumeStarts.filter((start) => start <= s.first).length } : {}),
  }));
}

export async function buildPacket(o: PacketOptions, ctx: RunContext): Promise<StepResult> {
  const model = ctx.model;
  const title = o.title ?? defaultTitle(model);
  const pageNumbers = o.pageNumbers;
  const sourceOptions = {
    caseDir: ctx.case.dir,
    checked: ctx.case.checked,
    intakeFile: ctx.case.file,
    evidenceIndex: new Map((ctx.case.intake.evidence ?? []).map((e, i) => [e.id, i])),
    limits: ctx.limits,
    deadline: ctx.deadline,
    ocr: o.ocr,
  };
  const { parts, notInFiling } = await partsOf(o, ctx);
  const documents = parts.flatMap((p) => (p.kind === 'document' ? [p.document] : p.kind === 'exhibits' ? p.documents : []));
  const sources = await loadSources(model, documents, sourceOptions);
  const signed = await loadSignedScans(model, documents, parts, ctx);
  const assemble = async (breaks: Break[]) => {
    const packet = await assemblePacket(model, { title, pageNumbers, parts, sources, sourceOptions, breaks, signed });
    describeDocument(packet.doc, title, model);
    return packet;
  };

  const name = ctx.outputName(o.output);
  const maxBytes = o.maxFileSizeMB * 1024 * 1024;
  let packet = await assemble([]);
  const whole = await saveWhole(packet);
  let volumes: Volume[];
  if (whole.length <= maxBytes) {
    volumes = await writeVolumes(ctx.outDir, [{ file: name, firstPage: 1, lastPage: packet.doc.getPageCount(), bytes: whole }]);
  } else {
    // Too large for one file: cut it, a continuation cover opening each file after the first. A
    // file the covers push over the limit leaves more room for them, and the filing is cut again.
    const planBreaks = await breakPlanner(packet, whole);
    let plan = await planBreaks(maxBytes);
    let files;
    for (let attempt = 1; ; attempt++) {
      packet = await assemble(plan.breaks);
      files = await saveVolumes(packet, name);
      // Only a file with more than one page of its own can be cut smaller: a page larger than the
      // limit alone (a high-resolution photo) is reported, and does not shrink the other files.
      const over = Math.max(...files.map((f, k) => (f.lastPage - f.firstPage + 1 - (k > 0 ? 1 : 0) > 1 ? f.bytes.length - maxBytes : 0)));
      if (over <= 0 || attempt === 3) break;
      // A third try assumes nothing shared between the files: the most cautious cut.
      const cautious = attempt === 2;
      plan = await planBreaks(maxBytes, { shared: cautious ? 0 : plan.estimate.shared, reserve: plan.estimate.reserve + over });
    }
    volumes = await writeVolumes(ctx.outDir, files);
  }

  const warnings = [...packet.warnings];
  for (const v of volumes) {
    if (volumes.length > 1 && v.bytes > maxBytes) warnings.push(problem('partOverLimit', { file: v.file, size: megabytes(v.bytes), limit: megabytes(maxBytes) }, { file: ctx.case.file }));
  }
  for (const s of packet.sections) {
    if (s.volumes && s.volumes.first !== s.volumes.last) {
      const files = volumes.slice(s.volumes.first - 1, s.volumes.last).map((v) => v.file);
      warnings.push(problem('exhibitSplit', { exhibit: s.title, parts: files.join(', ') }, { file: ctx.case.file }));
    }
  }
  const pad = (n: number) => pageLabel(pageNumbers, n + 1);
  const pageRanges = new Map(
    packet.sections.flatMap((s) =>
      s.exhibit ? [[s.exhibit.id, { firstPage: s.first + 1, lastPage: s.last + 1, firstLabel: pad(s.first), lastLabel: pad(s.last), ...(volumes.length > 1 && s.volumes ? { volume: s.volumes.first } : {}) }] as const] : [],
    ),
  );
  const statement = serviceStatementNaming(model, packet.served);
  const placed = filingParts(packet, pageNumbers, volumes.length);
  return {
    files: volumes.map((v) => v.file),
    publish: {
      ...withPageRanges(model, pageRanges),
      filingParts: placed,
      filingDocuments: filingDocuments(placed, new Set(model.exhibits.map((x) => x.tab))),
      signatures: signatureList(packet, pageNumbers, notInFiling),
      pagesWithoutText: packet.noText.map((n) => ({ what: n.what, pages: pagesInWords(pageNumbers, n.first, n.last), why: n.why })),
      filingVolumes: volumes.length,
      // The Word certificate of service names what this filing holds, as the packet's own does.
      ...(statement ? { serviceStatement: statement } : {}),
    },
    warnings,
    data: { pages: packet.doc.getPageCount(), volumes },
  };
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** Metadata names the document, not the client: nothing beyond what the caption shows. */
function describeDocument(doc: PDFDocument, title: string, model: Model): void {
  doc.setTitle(title);
  doc.setCreator('asylum-packet');
  doc.setProducer('asylum-packet');
  const stamp = new Date(`${model.derived.filingDate}T12:00:00Z`);
  doc.setCreationDate(stamp);
  doc.setModificationDate(stamp);
}
