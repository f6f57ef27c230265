#!/usr/bin/env node
// The command-line entry point. `npm run build` compiles src/ to dist/ and bundles the command
// line into dist/bundle/ with its code cache (scripts/bundle.mjs): it starts in a fraction of the
// time some hundred modules take to load.
/** Commands that build cases: their code cache holds the builders' code too. */
const BUILDS = new Set(['build', 'watch', 'check']);
let cli;
try {
  cli = (await import('./load-bundle.js')).loadBundle('cli', BUILDS.has(process.argv[2]) ? 'cli-build' : 'cli');
} catch (err) {
  if (err && err.code === 'ENOENT' && String(err.message).includes('dist/bundle')) {
    process.stderr.write('asylum-packet is not built yet: run `npm install` (or `npm run build`) in its folder first.\n');
  } else {
    process.stderr.write(`asylum-packet: unexpected failure: ${err && err.stack ? err.stack : err}\n`);
  }
  process.exitCode = 70;
}
if (cli) await cli.main(process.argv.slice(2));
