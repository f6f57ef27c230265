// Loads a bundle of dist/bundle/ (CommonJS, made by scripts/bundle.mjs) with a V8 code cache
// beside it (<cache>.cache): a new process then neither parses nor compiles the code that earlier
// runs compiled, which is most of what starting asylum-packet costs. A cache holds what one kind
// of run compiled: the quick commands have a small one, the builds a large one (reading a cache
// costs time too). A cache that does not fit this Node or this bundle is ignored by V8, and the
// code compiles as usual.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const BUNDLE_DIR = fileURLToPath(new URL('../dist/bundle/', import.meta.url));

/** Runs dist/bundle/<name>.cjs with the code cache dist/bundle/<cache>.cache, and answers its exports. */
export function loadBundle(name, cache = name) {
  const filename = path.join(BUNDLE_DIR, `${name}.cjs`);
  const cacheFile = path.join(BUNDLE_DIR, `${cache}.cache`);
  const source = readFileSync(filename, 'utf8');
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename, cachedData });
  // `npm run build` runs the commands once with this set, to write the cache of what they compiled.
  if (process.env.ASYLUM_PACKET_WRITE_CODE_CACHE === '1') process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(filename), module, filename, BUNDLE_DIR);
  return module.exports;
}
