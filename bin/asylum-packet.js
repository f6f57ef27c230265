#!/usr/bin/env node
// The command-line entry point: everything lives in dist/cli (built from src/cli by `npm run build`).
import('../dist/cli/main.js')
  .then((cli) => cli.main(process.argv.slice(2)))
  .catch((err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli')) {
      process.stderr.write('asylum-packet is not built yet: run `npm install` (or `npm run build`) in its folder first.\n');
    } else {
      process.stderr.write(`asylum-packet: unexpected failure: ${err && err.stack ? err.stack : err}\n`);
    }
    process.exitCode = 70;
  });
