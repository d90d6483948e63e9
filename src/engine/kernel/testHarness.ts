import { initialCpu } from '../machine/cpuState';
import { DEFAULT_CONFIG, type Config } from '../scenario/config';
import { computeLayout } from '../scenario/layout';
import { Recorder } from '../trace/recorder';
import type { MachineState } from '../trace/types';
import { World } from '../trace/world';
import { initialAllocator } from './allocator';
import { KernelContext } from './kernelContext';

/** A kernel with nothing built yet, for unit tests of the PL1 side. */
export function freshKernel(overrides: Partial<Config> = {}): KernelContext {
  const config = { ...DEFAULT_CONFIG, ...overrides };
  const layout = computeLayout(config, 0xe4);
  const world = new World();
  world.pageCount.set(layout.slabPagePa / 4096, 1, 0);
  const initial: MachineState = {
    version: 0,
    kernel: {
      bootPgd: null,
      hypPgd: null,
      bounce: null,
      idmapStart: 0,
      idmapEnd: 0,
      idmapVector: 0,
      stackPages: [null, null],
      hypDefaultVectors: null,
      online: [true, true],
      messages: [],
    },
    alloc: initialAllocator(layout.poolStart, layout.poolEnd, layout.slabPagePa, layout.slab4kPa),
    cpus: [initialCpu(0, 0, 32), initialCpu(1, 0, 32)],
  };
  return new KernelContext(new Recorder(world, initial, 100_000), world, config, layout);
}
