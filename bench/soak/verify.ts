/**
 * What the soak checks in the published outputs, black-box: every `<out>/<caseId>/<pipeline>/`
 * matches its manifest (sha256 and size of every output, nothing else beside it), belongs to the
 * intake that owns its caseId (the manifest's intake name and content hash), and holds no other
 * case's unique name (docx: the text of word/document.xml; PDF: pdftotext; text files as they are).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, lstat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import PizZip from 'pizzip';
import { TOKEN_PATTERN } from './files.js';

const run = promisify(execFile);

export interface Finding {
  caseId: string;
  pipeline?: string;
  file?: string;
  what: string;
}

export interface Owner {
  /** The intake file's name in the watched folder. */
  intake: string;
  /** sha256 of its bytes as last written. */
  sha256: string;
  /** Its unique name token (lower case). */
  token: string;
}

export interface PublishedReport {
  cases: number;
  pipelines: number;
  documents: number;
  /** Documents whose text holds the case's own name (a check that the text extraction works). */
  ownNameFound: number;
  /** Documents checked for names (docx, pdf, md, txt). */
  textChecked: number;
  partial: Finding[];
  crossCase: Finding[];
  /** Published cases no intake of ours should have built (an invalid or unknown one). */
  unexpected: Finding[];
  leftovers: string[];
  /** Case folders with nothing published in them (a case whose first build failed). */
  emptyCaseFolders: string[];
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface ManifestLike {
  caseId?: string;
  pipeline?: string;
  inputs?: { intake?: { path?: string; sha256?: string } };
  outputs?: { file: string; sha256: string; bytes: number }[];
}

async function textOf(file: string): Promise<string | undefined> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.docx') {
    const zip = new PizZip(await readFile(file));
    const parts = Object.keys(zip.files).filter((n) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(n));
    return parts
      .map((n) => zip.file(n)!.asText())
      .join(' ')
      .replace(/<w:p[ >][^]*?<\/w:p>/g, (p) => p.replace(/<[^>]+>/g, '') + '\n') // paragraphs' text, runs joined
      .replace(/<[^>]+>/g, ' ');
  }
  if (ext === '.pdf') {
    const { stdout } = await run('pdftotext', ['-q', file, '-'], { maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  }
  if (ext === '.md' || ext === '.txt') return readFile(file, 'utf8');
  return undefined;
}

/** Leftovers of builds anywhere under a folder: staging folders, folders moved aside, temporary files. */
export async function findLeftovers(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const r = path.join(rel, e.name);
    if (/^\.(staging|old)-/.test(e.name) || /\.(tmp|part)$/i.test(e.name) || /^exhibit-qpdf-/.test(e.name)) out.push(r);
    else if (e.isDirectory()) out.push(...(await findLeftovers(dir, r)));
  }
  return out;
}

/** Checks every published pipeline folder; owners: caseId → the intake that must own it. */
export async function checkPublished(outDir: string, owners: Map<string, Owner>, opts: { scanText: boolean }): Promise<PublishedReport> {
  const rep: PublishedReport = { cases: 0, pipelines: 0, documents: 0, ownNameFound: 0, textChecked: 0, partial: [], crossCase: [], unexpected: [], leftovers: await findLeftovers(outDir), emptyCaseFolders: [] };
  const known = new Set([...owners.values()].map((o) => o.token));
  for (const c of (await readdir(outDir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!c.isDirectory() || c.name.startsWith('.')) continue;
    const caseId = c.name;
    if ((await readdir(path.join(outDir, caseId))).every((n) => n.startsWith('.'))) {
      rep.emptyCaseFolders.push(caseId);
      continue;
    }
    rep.cases++;
    const owner = owners.get(caseId);
    if (!owner) rep.unexpected.push({ caseId, what: 'published, but no intake that should build was written with this caseId' });
    for (const p of await readdir(path.join(outDir, caseId), { withFileTypes: true })) {
      if (p.name.startsWith('.')) continue;
      const dir = path.join(outDir, caseId, p.name);
      if (!p.isDirectory()) {
        rep.partial.push({ caseId, file: p.name, what: 'a file where only pipeline folders belong' });
        continue;
      }
      rep.pipelines++;
      const pipeline = p.name;
      let manifest: ManifestLike;
      try {
        manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as ManifestLike;
      } catch (e) {
        rep.partial.push({ caseId, pipeline, what: `manifest.json missing or unreadable (${(e as NodeJS.ErrnoException).code ?? 'not JSON'})` });
        continue;
      }
      if (manifest.caseId !== caseId || manifest.pipeline !== pipeline) rep.partial.push({ caseId, pipeline, what: `manifest names ${manifest.caseId}/${manifest.pipeline}` });
      const listed = new Set((manifest.outputs ?? []).map((o) => o.file));
      for (const o of manifest.outputs ?? []) {
        const f = path.join(dir, o.file);
        const info = await lstat(f).catch(() => undefined);
        if (!info?.isFile()) {
          rep.partial.push({ caseId, pipeline, file: o.file, what: 'listed in the manifest, missing' });
          continue;
        }
        const bytes = await readFile(f);
        if (bytes.length !== o.bytes || sha256(bytes) !== o.sha256) rep.partial.push({ caseId, pipeline, file: o.file, what: `differs from the manifest (${bytes.length} bytes, manifest ${o.bytes})` });
      }
      const present = (await readdir(dir)).filter((n) => n !== 'manifest.json');
      for (const n of present) if (!listed.has(n)) rep.partial.push({ caseId, pipeline, file: n, what: 'not listed in the manifest' });
      rep.documents += present.length;
      if (owner) {
        const intake = manifest.inputs?.intake;
        if (intake?.path !== owner.intake) rep.crossCase.push({ caseId, pipeline, what: `built from intake ${intake?.path ?? '?'}, owner is ${owner.intake}` });
        else if (intake.sha256 !== owner.sha256) rep.crossCase.push({ caseId, pipeline, what: `built from another version of ${owner.intake} (intake hash ${String(intake.sha256).slice(0, 12)}…, owner's ${owner.sha256.slice(0, 12)}…)` });
      }
      if (!opts.scanText) continue;
      for (const n of present.filter((x) => listed.has(x))) {
        const text = await textOf(path.join(dir, n)).catch(() => undefined);
        if (text === undefined) continue;
        rep.textChecked++;
        const found = new Set((text.match(TOKEN_PATTERN) ?? []).map((t) => t.toLowerCase()).filter((t) => known.has(t)));
        if (owner && found.has(owner.token)) rep.ownNameFound++;
        for (const t of found) {
          if (t === owner?.token) continue;
          const other = [...owners.entries()].find(([, o]) => o.token === t)?.[0] ?? '?';
          rep.crossCase.push({ caseId, pipeline, file: n, what: `holds the name of case ${other}` });
        }
      }
    }
  }
  return rep;
}
