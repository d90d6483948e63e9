import { decodeUrlState, encodeUrlState, resolveStep } from '../../url/codec';
import { traceFingerprint } from '../../url/fingerprint';
import { resolveStepKey } from '../../url/resolveStepKey';
import { stepKey } from '../../url/stepIdentity';
import { findPreset, presetConfig, DEFAULT_PRESET } from '../../engine/scenario/presets';
import type { AppData, AppState } from '../store/appStore';
import { getTrace } from '../store/traceCache';

type LinkState = Pick<AppState, 'presetName' | 'config' | 'cursor' | 'view'> &
  Partial<Pick<AppState, 'momentsOnly'>>;

/** The query string for what the app shows now. */
export function searchFor(s: LinkState): string {
  const trace = getTrace(s.config);
  return encodeUrlState({
    preset: s.presetName,
    config: s.config,
    step: s.cursor,
    view: s.view,
    fingerprint: traceFingerprint(trace),
    stepKey: s.cursor >= 1 && s.cursor <= trace.steps.length ? stepKey(trace, s.cursor) : null,
    momentsOnly: s.momentsOnly ?? false,
  });
}

/** The full link to the current state, for Copy link and the embed's "open in hypstep". */
export function linkFor(s: LinkState, base: string): string {
  return base + searchFor(s);
}

/**
 * Reads a location.search into the store's data: the nearest valid state plus one message per
 * problem. Never throws: a config that cannot be simulated falls back to its preset.
 */
export function dataFromSearch(search: string): Pick<
  AppData,
  'presetName' | 'config' | 'cursor' | 'view' | 'momentsOnly'
> & {
  messages: string[];
} {
  const { state, messages } = decodeUrlState(search);
  const out = [...messages];
  let config = state.config;
  let trace;
  try {
    trace = getTrace(config);
  } catch (e) {
    out.push(
      `The link's settings could not be simulated (${e instanceof Error ? e.message : String(e)}): showing the ${state.preset} preset.`,
    );
    config = presetConfig(findPreset(state.preset) ?? findPreset(DEFAULT_PRESET)!);
    trace = getTrace(config);
  }
  let cursor: number;
  // the step's identity beats its number: a link made before the trace changed still lands on
  // the event its author saw, and says so
  const byKey =
    state.stepKey && state.step !== null ? resolveStepKey(trace, state.step, state.stepKey) : null;
  if (byKey && byKey.kind !== 'gone') {
    cursor = byKey.step;
    if (byKey.kind === 'moved') out.push(byKey.message);
  } else {
    const r = resolveStep(state, trace.steps.length, traceFingerprint(trace));
    cursor = r.step;
    if (byKey) out.push(byKey.message);
    else out.push(...r.messages);
  }
  return {
    presetName: state.preset,
    config,
    cursor,
    view: state.view,
    momentsOnly: state.momentsOnly ?? false,
    messages: out,
  };
}
