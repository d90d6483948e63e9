import { mergeConfig } from 'vite';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from './vite.config';

/**
 * The unit-test config as Stryker runs it (stryker.config.mjs). Stryker stops at a mutant's
 * first failing test, so the small unit files that pin the architecture run first and the
 * whole-trace ones last; the property tests run fewer seeded layouts (HYPSTEP_MUTATION), which
 * can only make the score lower, never higher.
 */
class UnitTestsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification): number =>
      /properties\.test/.test(f.moduleId)
        ? 3
        : /(simulate|sim|codec)\.test/.test(f.moduleId)
          ? 2
          : 1;
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

export default mergeConfig(base, {
  test: {
    sequence: { sequencer: UnitTestsFirst },
    env: { HYPSTEP_MUTATION: '1' },
  },
});
