/**
 * For CI: writes the fixture I-589 (same traits as the official form) to the given path, so a
 * sample build can fill a form and qpdf can check the result. Usage: tsx test/ci/write-fixture-form.ts <out.pdf>
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeFixtureI589 } from '../helpers/fixture-form.js';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: tsx test/ci/write-fixture-form.ts <out.pdf>\n');
  process.exit(2);
}
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, await makeFixtureI589());
process.stdout.write(`wrote the fixture I-589 to ${out}\n`);
