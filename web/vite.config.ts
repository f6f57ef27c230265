import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { cpSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = path.resolve(root, '../dist/web');

/**
 * pdf.js fetches what a PDF does not embed (the standard 14 fonts, CMaps, ICC profiles, image
 * decoders in WebAssembly) from URLs it is given: copy them beside the bundle, under assets/pdfjs/,
 * so nothing comes from outside.
 */
function pdfjsData(): Plugin {
  return {
    name: 'asylum-packet-pdfjs-data',
    apply: 'build',
    writeBundle() {
      const require = createRequire(import.meta.url);
      const pkg = path.dirname(require.resolve('pdfjs-dist/package.json'));
      for (const dir of ['standard_fonts', 'cmaps', 'wasm', 'iccs']) {
        const from = path.join(pkg, dir);
        if (existsSync(from)) cpSync(from, path.join(outDir, 'assets', 'pdfjs', dir), { recursive: true });
      }
    },
  };
}

// The browser front end of `asylum-packet serve`. Built into dist/web, served at `/` by the server.
// The server's Content-Security-Policy forbids inline scripts and styles: no modulepreload polyfill,
// no inlined assets that would need them.
export default defineConfig({
  root,
  base: './',
  plugins: [react(), pdfjsData()],
  build: {
    outDir,
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
});
