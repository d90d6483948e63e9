// @ts-check
/* global process */
/**
 * Mutation testing of the engine's core (issue 13, "Tests that pin the architecture").
 * Not part of CI: a full run takes tens of minutes on two cores. `npm run mutate` runs every
 * file below and scores it; `npx stryker run --mutate src/engine/cpu/tlb.ts` runs one file
 * (then `node scripts/mutation-score.mjs` scores what the report holds).
 * Equivalent mutants (ones no test can tell apart, because they do not change behaviour) are
 * listed with their reasons in stryker.equivalent.json rather than as disable comments in the
 * engine's source; scripts/mutation-score.mjs (run by `npm run mutate` after Stryker) takes them
 * out and prints the score per file. Stryker's own report (reports/mutation/) still shows them.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/engine/arch/lpae.ts',
    'src/engine/cpu/mmu.ts',
    'src/engine/cpu/tlb.ts',
    'src/engine/cpu/walk.ts',
    'src/engine/kernel/hypMappings.ts',
    'src/engine/kernel/kvmMmuInit.ts',
    'src/engine/cpu/execute.ts',
    'src/engine/cpu/alu.ts',
    'src/engine/cpu/conditions.ts',
    'src/engine/cpu/cp15.ts',
    'src/engine/cpu/registers.ts',
    'src/url/codec.ts',
  ],
  concurrency: 1,
  timeoutMS: 3000,
  timeoutFactor: 1.25,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: process.env.STRYKER_JSON ?? 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  thresholds: { high: 90, low: 80, break: null },
};
