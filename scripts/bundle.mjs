// `npm run bundle` (part of `npm run build`): bundles the command line and the build worker with
// esbuild into dist/bundle/cli.cjs and dist/bundle/worker.cjs, each one CommonJS file that
// bin/load-bundle.js loads with V8's code cache, then runs the sample cases once to write that
// caches (one for the quick commands, one for the builds). Measured on the 2-core machine (README, Performance): `validate` starts in about 2× the
// time of `node -e ''`, against 2.5× with ES module chunks and 3.7× unbundled.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.join(root, 'dist', 'bundle');
rmSync(out, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser's "main" is a UMD file that requires its parts at run time; its ES module is whole.
  mainFields: ['module', 'main'],
  // sharp is native code, pino starts its transports from files of its own: both stay in node_modules.
  // So do bullmq and ioredis, needed only with --queue: bundled, they made the file every command
  // reads 1.4 MB larger, and `validate` about 7 % slower to start. So does fastify, needed only by `serve`.
  external: ['sharp', 'pino', 'bullmq', 'ioredis', 'fastify'],
  inject: [path.join(root, 'scripts', 'import-meta-url.js')],
  define: { 'import.meta.url': 'importMetaUrl' },
  minifySyntax: true,
  minifyWhitespace: true,
  logLevel: 'warning',
};
await build({ ...common, entryPoints: { cli: path.join(root, 'src', 'cli', 'main.ts'), worker: path.join(root, 'src', 'builder', 'worker.ts') }, outdir: out, outExtension: { '.js': '.cjs' } });
// The builder forks ./worker.js beside its own code: the worker's launcher.
writeFileSync(path.join(out, 'worker.js'), "// Starts a build worker from its bundle (scripts/bundle.mjs).\nimport { loadBundle } from '../../bin/load-bundle.js';\nloadBundle('worker');\n");

// The code cache: what validating and building the samples compiles (with a worker, for its own).
const tmp = mkdtempSync(path.join(os.tmpdir(), 'asylum-packet-bundle-'));
try {
  const samples = ['intake-affirmative.json', 'intake-defensive.json'].map((n) => path.join(root, 'fixtures', 'samples', n));
  const run = (args) => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'asylum-packet.js'), ...args], { env: { ...process.env, ASYLUM_PACKET_WRITE_CODE_CACHE: '1' }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bundle: warming up with ${args[0]} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  };
  run(['validate', '--today', '2026-11-22', ...samples]);
  run(['build', '--force', '--today', '2026-11-22', '--concurrency', '2', '--out', path.join(tmp, 'out'), ...samples]);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
