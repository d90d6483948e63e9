import { findPreset, presetConfig } from '../../engine/scenario/presets';
import type { AppStore } from '../store/appStore';
import type { ScenarioSide } from '../../url/scenarioParams';
import { COMPARE_PAIRS, type ComparePair, type PairSide } from './pairs';

export function sideOf(p: PairSide): ScenarioSide {
  return { preset: p.preset, config: { ...presetConfig(findPreset(p.preset)!), ...p.overrides } };
}

/** Shows a ready pair: its left side becomes the scenario, its right side the compared one. */
export function applyPair(store: AppStore, pair: ComparePair): void {
  const left = sideOf(pair.left);
  const s = store.getState();
  s.setScenario(left.preset, left.config);
  s.setCompare(sideOf(pair.right));
}

const sameConfig = (a: ScenarioSide, b: ScenarioSide) =>
  JSON.stringify(a.config) === JSON.stringify(b.config);

/** The ready pair the current comparison is, if it is one. */
export function currentPair(left: ScenarioSide, right: ScenarioSide): ComparePair | undefined {
  return COMPARE_PAIRS.find(
    (p) => sameConfig(sideOf(p.left), left) && sameConfig(sideOf(p.right), right),
  );
}
