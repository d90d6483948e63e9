import type { Config } from '../../engine/scenario/config';
import { peekTrace } from '../store/traceCache';
import { comparePair, type ComparedPair } from './compareModel';
import { provideCompared } from './comparedRegistry';

/** The compared pair when both traces have been simulated, else undefined (nothing starts). */
export function peekCompared(left: Config, right: Config): ComparedPair | undefined {
  const l = peekTrace(left);
  const r = peekTrace(right);
  return l && r ? comparePair(l, r) : undefined;
}

// the store reaches comparisons through the registry once this chunk is loaded
provideCompared(peekCompared);
