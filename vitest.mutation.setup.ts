import { vi } from 'vitest';

/*
 * Mutation runs share one worker between test files (isolate: false, much faster on two busy
 * cores). Each test file still gets freshly evaluated engine modules, so a mutant that Stryker
 * activates while a module loads (a "static" mutant) is applied, and none leaks into the next.
 */
vi.resetModules();
