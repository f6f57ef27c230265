// Injected by scripts/bundle.mjs into the CommonJS bundles: `import.meta.url` of the code that
// esbuild bundled is the bundle file's URL (paths.ts finds the package root from it).
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
