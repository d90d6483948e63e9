import { mergeConfig } from 'vite';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from './vite.config';

/**
 * The unit-test config as Stryker runs it (stryker.config.mjs). Stryker stops at a mutant's
 * first failing test, so the small unit files that pin the architecture run first and the
 * property tests last, with fewer seeded layouts (HYPSTEP_MUTATION). The whole-trace suites
 * (per-preset outcomes, determinism, moments, step identity, the valid-config property, the CLI,
 * the UI) are left out: on two shared cores they cost seconds per mutant. Both choices can only
 * make the score lower. Test files share one worker (isolate: false) but get fresh modules
 * (vitest.mutation.setup.ts).
 */
class UnitTestsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification): number =>
      /properties\.test/.test(f.moduleId) ? 3 : /codec\.test|a32\.test/.test(f.moduleId) ? 2 : 1;
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

export default mergeConfig(base, {
  test: {
    sequence: { sequencer: UnitTestsFirst },
    env: { HYPSTEP_MUTATION: '1' },
    isolate: false,
    setupFiles: ['./vitest.mutation.setup.ts'],
    exclude: [
      '**/node_modules/**',
      'src/engine/simulate.test.ts',
      'src/engine/validConfigs.property.test.ts',
      'src/engine/designs/*.test.ts',
      'src/engine/trace/*.test.ts',
      'src/engine/scenario/physicalSide.test.ts',
      'src/cli/**',
      'src/ui/**',
    ],
  },
});
