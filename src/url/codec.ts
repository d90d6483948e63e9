import { CONFIG_KEYS, DEFAULT_CONFIG, type Config } from '../engine/scenario/config';
import { DEFAULT_PRESET } from '../engine/scenario/presets';
import {
  decodeCompare,
  encodeCompare,
  encodeOverrides,
  resolveScenario,
  type ScenarioSide,
} from './scenarioParams';
import { parseVa } from './vaText';

/**
 * The URL snapshot contract (DESIGN.md "URL snapshot"): readable query form, only what
 * differs from the preset, keys in a fixed order, with a schema version.
 *   ?v=1&preset=bounce-page&step=17&fp=3fa2c1
 *   ?v=1&preset=dual-step&idmapStart=0x80320fa0&step=9&view=presenter
 * decodeUrlState never throws: a bad link yields the nearest valid state plus messages, one
 * per problem, each naming the bad part.
 */
export const URL_SCHEMA_VERSION = 1;
/** Longer query strings are refused whole (a link is never this long legitimately). */
export const MAX_QUERY_LENGTH = 2000;

export type View = 'app' | 'presenter' | 'audience' | 'embed';
const VIEWS: readonly View[] = ['app', 'presenter', 'audience', 'embed'];
/** The tables panel's tabs a link can open (`tables`, the default, is left out of links). */
export type Tab = 'tables' | 'strip' | 'inspector';
const TABS: readonly Tab[] = ['tables', 'strip', 'inspector'];

export interface UrlState {
  readonly preset: string;
  readonly config: Config;
  /** 1-based step, or null for "the first step". */
  readonly step: number | null;
  readonly view: View;
  /** The fingerprint the link was made with, if any. */
  readonly fingerprint: string | null;
  /** The compared (right) scenario, when the link compares two; `step` is then an aligned step. */
  readonly compare?: ScenarioSide | null;
  /** The open tab of the tables panel, when not the trees. */
  readonly tab?: Tab;
  /** The address inspector's VA. */
  readonly va?: number;
  /** The step's stable identity (the engine's stepKey), travelling beside `step` as `sid`. */
  readonly stepKey?: string | null;
  /** Talk mode: forward / back go from key moment to key moment (`moments=1`). */
  readonly momentsOnly?: boolean;
}

/** A step key as it may travel in a link: printable ASCII, short. */
export const MAX_STEP_KEY_LENGTH = 100;
const STEP_KEY_RE = /^[\x21-\x7e]+$/;

export interface DecodeResult {
  readonly state: UrlState;
  readonly messages: readonly string[];
}

/** The query string for a state: preset, the config keys that differ from it, step, view, fingerprint. */
export function encodeUrlState(s: UrlState): string {
  const parts: string[] = [`v=${URL_SCHEMA_VERSION}`, `preset=${encodeURIComponent(s.preset)}`];
  parts.push(...encodeOverrides({ preset: s.preset, config: s.config }));
  if (s.compare) parts.push(...encodeCompare(s.compare));
  if (s.step !== null) parts.push(`step=${s.step}`);
  if (s.step !== null && s.stepKey) parts.push(`sid=${encodeURIComponent(s.stepKey)}`);
  if (s.view !== 'app') parts.push(`view=${s.view}`);
  if (s.tab !== undefined && s.tab !== 'tables') parts.push(`tab=${s.tab}`);
  if (s.va !== undefined) parts.push(`va=0x${s.va.toString(16)}`);
  if (s.momentsOnly) parts.push('moments=1');
  if (s.fingerprint) parts.push(`fp=${s.fingerprint}`);
  return '?' + parts.join('&');
}

export function defaultUrlState(): UrlState {
  return {
    preset: DEFAULT_PRESET,
    config: { ...DEFAULT_CONFIG },
    step: null,
    view: 'app',
    fingerprint: null,
  };
}

/** Parses a location.search string. Never throws. */
export function decodeUrlState(search: string): DecodeResult {
  const messages: string[] = [];
  const fallback = defaultUrlState();
  if (typeof search !== 'string')
    return { state: fallback, messages: ['The link could not be read.'] };
  if (search.length > MAX_QUERY_LENGTH) {
    return {
      state: fallback,
      messages: [
        `The link is too long (${search.length} characters; at most ${MAX_QUERY_LENGTH}): showing the default scenario.`,
      ],
    };
  }
  const q = search.startsWith('?') ? search.slice(1) : search;
  const pairs: [string, string][] = [];
  for (const part of q.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      messages.push(`The link has a malformed part "${truncate(part)}": ignored.`);
      continue;
    }
    pairs.push([key, value]);
  }
  const get = (k: string) => pairs.find(([key]) => key === k)?.[1];

  const v = get('v');
  if (v !== undefined && v !== String(URL_SCHEMA_VERSION)) {
    messages.push(
      /^[0-9]+$/.test(v) && Number(v) > URL_SCHEMA_VERSION
        ? `The link is from a newer hypstep (schema v${v}); read as v${URL_SCHEMA_VERSION}.`
        : `Unknown link version "${truncate(v)}": read as v${URL_SCHEMA_VERSION}.`,
    );
  }

  const known = new Set<string>([
    'v',
    'preset',
    'step',
    'sid',
    'view',
    'moments',
    'fp',
    'embed',
    'tab',
    'va',
    ...CONFIG_KEYS,
  ]);
  for (const [key] of pairs) {
    if (key === 'compare' || key.startsWith('c.')) continue; // the compared side, below
    if (!known.has(key)) messages.push(`Unknown key "${truncate(key)}" in the link: ignored.`);
  }
  const resolved = resolveScenario(
    get('preset'),
    pairs.filter(([key]) => (CONFIG_KEYS as string[]).includes(key)),
  );
  messages.push(...resolved.messages);
  const presetName = resolved.side.preset;
  const config = resolved.side.config;

  let step: number | null = null;
  const stepText = get('step');
  if (stepText !== undefined) {
    if (/^[0-9]{1,9}$/.test(stepText) && Number(stepText) >= 1) step = Number(stepText);
    else
      messages.push(
        `Step "${truncate(stepText)}" is not a step number (1, 2, 3, ...): showing step 1.`,
      );
  }
  let view: View = 'app';
  const viewText = get('view');
  if (viewText !== undefined) {
    if ((VIEWS as readonly string[]).includes(viewText)) view = viewText as View;
    else
      messages.push(
        `Unknown view "${truncate(viewText)}" (known: ${VIEWS.join(', ')}): showing the app.`,
      );
  }
  if (get('embed') === '1') view = 'embed';
  const fp = get('fp');
  let fingerprint: string | null = null;
  if (fp !== undefined) {
    if (/^[0-9a-f]{6}$/.test(fp)) fingerprint = fp;
    else messages.push(`The link's fingerprint "${truncate(fp)}" is malformed: ignored.`);
  }
  const extra: { tab?: Tab; va?: number } = {};
  const tabText = get('tab');
  if (tabText !== undefined) {
    if ((TABS as readonly string[]).includes(tabText)) extra.tab = tabText as Tab;
    else
      messages.push(
        `Unknown tab "${truncate(tabText)}" (known: ${TABS.join(', ')}): showing the page tables.`,
      );
  }
  const vaText = get('va');
  if (vaText !== undefined) {
    const va = parseVa(vaText);
    if (va !== undefined) extra.va = va;
    else
      messages.push(
        `The link's address "${truncate(vaText)}" is not a 32-bit hex address: ignored.`,
      );
  }
  const compared = decodeCompare(pairs);
  messages.push(...compared.messages);
  let stepKey: string | null = null;
  const sid = get('sid');
  if (sid !== undefined) {
    if (sid.length <= MAX_STEP_KEY_LENGTH && STEP_KEY_RE.test(sid)) stepKey = sid;
    else messages.push(`The link's step identity "${truncate(sid)}" is malformed: ignored.`);
  }
  let momentsOnly = false;
  const moments = get('moments');
  if (moments !== undefined) {
    if (moments === '1' || moments === 'true') momentsOnly = true;
    else if (moments !== '0' && moments !== 'false')
      messages.push(`"moments=${truncate(moments)}" is not 1 or 0: key moments only is off.`);
  }
  return {
    // the optional parts only when present, so older states compare equal
    state: {
      preset: presetName,
      config,
      step,
      view,
      fingerprint,
      ...(compared.side ? { compare: compared.side } : {}),
      ...extra,
      ...(stepKey !== null ? { stepKey } : {}),
      ...(momentsOnly ? { momentsOnly } : {}),
    },
    messages,
  };
}

/**
 * Fits a decoded step to a trace of `total` steps and checks the fingerprint: the nearest
 * valid step, plus a message when either had to be corrected.
 */
export function resolveStep(
  state: UrlState,
  total: number,
  fingerprint: string,
): { step: number; messages: string[] } {
  const messages: string[] = [];
  let step = state.step ?? 1;
  if (step > total) {
    messages.push(
      `Step ${step} is past the end of this scenario (${total} steps): showing step ${total}.`,
    );
    step = total;
  }
  if (state.fingerprint && state.fingerprint !== fingerprint && state.step !== null) {
    messages.push(
      `This link was made by another version of hypstep: step ${step} may now show something different from what its author saw.`,
    );
  }
  return { step, messages };
}

function truncate(s: string): string {
  const clean = s.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 40 ? clean.slice(0, 40) + '…' : clean;
}
