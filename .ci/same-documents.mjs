// Whether two output folders hold the same filings: the same cases, pipelines and files, the same
// manifest inputs, and every document the same in its normal form (dist/check/normalise.js: what a
// reader sees, without zip timestamps or PDF ids). Usage: node .ci/same-documents.mjs <a> <b>
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { normalise } from '../dist/check/normalise.js';

const [a, b] = process.argv.slice(2);
let problems = 0;
let documents = 0;
const fail = (m) => {
  problems++;
  console.log(`different: ${m}`);
};
const list = async (d) => (await readdir(d)).filter((n) => !n.startsWith('.')).sort();
const cases = await list(a);
if (JSON.stringify(cases) !== JSON.stringify(await list(b))) fail(`cases ${cases} / ${await list(b)}`);
for (const c of cases) {
  for (const p of await list(path.join(a, c))) {
    const da = path.join(a, c, p);
    const db = path.join(b, c, p);
    const files = await list(da);
    const other = await list(db).catch(() => []);
    if (JSON.stringify(files) !== JSON.stringify(other)) fail(`${c}/${p}: ${files} / ${other}`);
    const inputs = async (d) => JSON.stringify(JSON.parse(await readFile(path.join(d, 'manifest.json'), 'utf8')).inputs);
    if ((await inputs(da)) !== (await inputs(db))) fail(`${c}/${p}/manifest.json inputs`);
    for (const f of files.filter((n) => n !== 'manifest.json' && other.includes(n))) {
      documents++;
      if ((await normalise(f, await readFile(path.join(da, f)))) !== (await normalise(f, await readFile(path.join(db, f))))) fail(`${c}/${p}/${f}`);
    }
  }
}
if (problems) process.exit(1);
console.log(`same filings: ${cases.length} cases, ${documents} documents, in ${a} and ${b}`);
