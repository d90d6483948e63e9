import { decodeUrlState, encodeUrlState, resolveStep } from '../../url/codec';
import { traceFingerprint } from '../../url/fingerprint';
import { parseVa } from '../../url/vaText';
import { ghex } from '../model/format';
import { resolveStepKey } from '../../url/resolveStepKey';
import { stepKey } from '../../url/stepIdentity';
import type { Trace } from '../../engine/trace/types';
import { findPreset, presetConfig, DEFAULT_PRESET } from '../../engine/scenario/presets';
import type { AppData, AppState } from '../store/appStore';
import { peekTrace } from '../store/traceCache';
import type { UrlState } from '../../url/codec';

type LinkState = Pick<AppState, 'presetName' | 'config' | 'cursor' | 'view'> &
  Partial<Pick<AppState, 'tablesTab' | 'inspectText' | 'compare' | 'momentsOnly'>>;

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
  // while the trace is simulated there is no fingerprint yet; the link works without one
  const trace = peekTrace(s.config);
  return encodeUrlState({
    preset: s.presetName,
    config: s.config,
    step: s.cursor,
    view: s.view,
    fingerprint: trace ? traceFingerprint(trace) : null,
    compare: s.compare ?? null,
    ...inspectorPart(s),
    // comparing, the step is an aligned one: no single trace's event names it
    stepKey:
      trace && !s.compare && s.cursor >= 1 && s.cursor <= trace.steps.length
        ? stepKey(trace, s.cursor)
        : null,
    momentsOnly: s.momentsOnly ?? false,
  });
}

/** The full link to the current state, for Copy link and the embed's "open in hypstep". */
export function linkFor(s: LinkState, base: string): string {
  return base + searchFor(s);
}

/**
 * Reads a location.search into the store's data: the nearest valid state plus one message per
 * problem. Never throws. The step is checked against the trace once it has been simulated
 * (stepFromLink); a config that cannot be simulated is reported and replaced then.
 */
export function dataFromSearch(search: string): Pick<
  AppData,
  'presetName' | 'config' | 'cursor' | 'view' | 'compare' | 'momentsOnly'
> &
  Partial<Pick<AppData, 'tablesTab' | 'inspectText'>> & {
    messages: string[];
    link: UrlState;
  } {
  const { state, messages } = decodeUrlState(search);
  return {
    presetName: state.preset,
    config: state.config,
    cursor: Math.max(1, state.step ?? 1),
    view: state.view,
    compare: state.compare ?? null,
    momentsOnly: state.momentsOnly ?? false,
    ...(state.tab ? { tablesTab: state.tab } : {}),
    ...(state.va !== undefined ? { inspectText: ghex(state.va) } : {}),
    messages: [...messages],
    link: state,
  };
}

/**
 * The step a link asked for, fitted to its simulated trace, and what had to be corrected. The
 * step's identity beats its number: a link made before the trace changed still lands on the
 * event its author saw, and says so. `total` is the cursor's range (an aligned one, comparing).
 */
export function stepFromLink(
  link: UrlState,
  trace: Trace,
  total = trace.steps.length,
): { step: number; messages: string[] } {
  const byKey =
    link.stepKey && link.step !== null ? resolveStepKey(trace, link.step, link.stepKey) : null;
  if (byKey && byKey.kind !== 'gone')
    return { step: byKey.step, messages: byKey.kind === 'moved' ? [byKey.message] : [] };
  const r = resolveStep(link, total, traceFingerprint(trace));
  return byKey ? { step: r.step, messages: [byKey.message] } : r;
}

/** The config to show when a link's own cannot be simulated: its preset's. */
export function fallbackConfig(presetName: string) {
  return presetConfig(findPreset(presetName) ?? findPreset(DEFAULT_PRESET)!);
}
