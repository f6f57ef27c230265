#!/usr/bin/env node
// The command-line entry point. `npm run build` compiles src/ to dist/ and bundles the command
// line into dist/bundle/ (esbuild: a few files load much faster than some hundred modules).
import('../dist/bundle/main.js')
  .then((cli) => cli.main(process.argv.slice(2)))
  .catch((err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bundle')) {
      process.stderr.write('asylum-packet is not built yet: run `npm install` (or `npm run build`) in its folder first.\n');
    } else {
      process.stderr.write(`asylum-packet: unexpected failure: ${err && err.stack ? err.stack : err}\n`);
    }
    process.exitCode = 70;
  });
