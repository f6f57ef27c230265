import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: a limit here only turns a hang into a failure. Many tests and their setup hooks
    // build real cases with LibreOffice, and with two files at a time a setup that takes 6 s
    // alone took over 10 s (vitest's default for hooks) in a full run. Speed is `npm run bench`'s.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Vitest's default is one test file a core less one: a single file at a time on a 2-core CI
    // machine. Most test time is spent waiting on child processes (LibreOffice, Chromium, qpdf,
    // Redis, the CLI), so two files at a time there: the suite took 10 min 43 s instead of about 15.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
