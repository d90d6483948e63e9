// @ts-check
/**
 * Mutation testing of the engine's core (issue 13, "Tests that pin the architecture").
 * Not part of CI: a full run takes tens of minutes on two cores. `npm run mutate` runs every
 * file below; `npm run mutate -- --mutate src/engine/cpu/tlb.ts` runs one file.
 * Equivalent mutants (ones no test can tell apart, because they do not change behaviour) are
 * excluded in the source with `// Stryker disable next-line <mutator>: <reason>` comments.
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
