import { decodeUrlState, encodeUrlState, resolveStep } from '../../url/codec';
import { traceFingerprint } from '../../url/fingerprint';
import { findPreset, presetConfig, DEFAULT_PRESET } from '../../engine/scenario/presets';
import type { AppData, AppState } from '../store/appStore';
import { getTrace } from '../store/traceCache';

/** The query string for what the app shows now. */
export function searchFor(s: Pick<AppState, 'presetName' | 'config' | 'cursor' | 'view'>): string {
  const trace = getTrace(s.config);
  return encodeUrlState({
    preset: s.presetName,
    config: s.config,
    step: s.cursor,
    view: s.view,
    fingerprint: traceFingerprint(trace),
  });
}

/** The full link to the current state, for Copy link and the embed's "open in hypstep". */
export function linkFor(
  s: Pick<AppState, 'presetName' | 'config' | 'cursor' | 'view'>,
  base: string,
): string {
  return base + searchFor(s);
}

/**
 * Reads a location.search into the store's data: the nearest valid state plus one message per
 * problem. Never throws: a config that cannot be simulated falls back to its preset.
 */
export function dataFromSearch(search: string): Pick<
  AppData,
  'presetName' | 'config' | 'cursor' | 'view'
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
  const r = resolveStep(state, trace.steps.length, traceFingerprint(trace));
  out.push(...r.messages);
  return { presetName: state.preset, config, cursor: r.step, view: state.view, messages: out };
}
