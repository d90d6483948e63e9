import { decodeUrlState, encodeUrlState, resolveStep } from '../../url/codec';
import { traceFingerprint } from '../../url/fingerprint';
import { parseVa } from '../../url/vaText';
import { ghex } from '../model/format';
import { findPreset, presetConfig, DEFAULT_PRESET } from '../../engine/scenario/presets';
import type { AppData, AppState } from '../store/appStore';
import { getTrace } from '../store/traceCache';

type LinkState = Pick<AppState, 'presetName' | 'config' | 'cursor' | 'view'> &
  Partial<Pick<AppState, 'tablesTab' | 'inspectText'>>;

/** The inspector's tab and VA, as the link carries them (the defaults are left out). */
function inspectorPart(s: LinkState): { tab?: AppState['tablesTab']; va?: number } {
  const va = s.inspectText === undefined ? undefined : parseVa(s.inspectText);
  return {
    ...(s.tablesTab && s.tablesTab !== 'tables' ? { tab: s.tablesTab } : {}),
    ...(va !== undefined && va !== DEFAULT_VA ? { va } : {}),
  };
}
const DEFAULT_VA = 0xffff0000;

/** The query string for what the app shows now. */
export function searchFor(s: LinkState): string {
  const trace = getTrace(s.config);
  return encodeUrlState({
    preset: s.presetName,
    config: s.config,
    step: s.cursor,
    view: s.view,
    fingerprint: traceFingerprint(trace),
    ...inspectorPart(s),
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
  'presetName' | 'config' | 'cursor' | 'view'
> &
  Partial<Pick<AppData, 'tablesTab' | 'inspectText'>> & {
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
  return {
    presetName: state.preset,
    config,
    cursor: r.step,
    view: state.view,
    ...(state.tab ? { tablesTab: state.tab } : {}),
    ...(state.va !== undefined ? { inspectText: ghex(state.va) } : {}),
    messages: out,
  };
}
