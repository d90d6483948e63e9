import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../engine/scenario/config';
import { findPreset, presetConfig } from '../engine/scenario/presets';
import {
  decodeUrlState,
  defaultUrlState,
  encodeUrlState,
  MAX_QUERY_LENGTH,
  resolveStep,
  URL_SCHEMA_VERSION,
  type UrlState,
} from './codec';

/*
 * Edge cases of the URL snapshot contract (DESIGN.md "URL snapshot"): what is written, in
 * which form, and how every malformed part of a link is reported while the rest still loads.
 */

const preset = (name: string) => presetConfig(findPreset(name)!);
const state = (patch: Partial<UrlState>): UrlState => ({ ...defaultUrlState(), ...patch });

describe('encode', () => {
  test('the default state is just the schema version and the preset', () => {
    expect(URL_SCHEMA_VERSION).toBe(1);
    expect(encodeUrlState(defaultUrlState())).toBe('?v=1&preset=dual-step');
    expect(defaultUrlState()).toEqual({
      preset: 'dual-step',
      config: DEFAULT_CONFIG,
      step: null,
      view: 'app',
      fingerprint: null,
    });
    expect(defaultUrlState().config).not.toBe(DEFAULT_CONFIG); // a copy the caller may change
  });
  test('hex keys in 0x form, integers in decimal, an unset optional key as -1, booleans as words', () => {
    const s = state({
      config: { ...DEFAULT_CONFIG, ramSize: 0x2000_0000, cpus: 4, skipFlush: true },
    });
    expect(encodeUrlState(s)).toBe(
      '?v=1&preset=dual-step&ramSize=0x20000000&cpus=4&skipFlush=true',
    );
    const probe = state({
      preset: 'stale-tlb',
      config: { ...preset('stale-tlb'), probeVa: 0xc000_1000 },
    });
    expect(encodeUrlState(probe)).toBe('?v=1&preset=stale-tlb&probeVa=0xc0001000');
    const hotplug = state({ preset: 'hotplug', config: { ...preset('hotplug'), hotplugCpu: -1 } });
    expect(encodeUrlState(hotplug)).toBe('?v=1&preset=hotplug&hotplugCpu=-1');
    const zero = state({ config: { ...DEFAULT_CONFIG, probeVa: 0 } });
    expect(encodeUrlState(zero)).toBe('?v=1&preset=dual-step&probeVa=0x0');
  });
  test('keys come in the fixed CONFIG_KEYS order, whatever order the object has', () => {
    const s = state({
      config: { ...DEFAULT_CONFIG, tlbEntries: 8, ramBase: 0x6000_0000, cpus: 3 },
    });
    expect(encodeUrlState(s)).toBe('?v=1&preset=dual-step&ramBase=0x60000000&cpus=3&tlbEntries=8');
  });
  test('an unknown preset is diffed against the default preset and escaped', () => {
    const s = state({ preset: 'a b&c', config: { ...DEFAULT_CONFIG, cpus: 3 } });
    expect(encodeUrlState(s)).toBe('?v=1&preset=a%20b%26c&cpus=3');
  });
  test('step, view and fingerprint only when set; the app view and an empty fingerprint are left out', () => {
    expect(encodeUrlState(state({ step: 1, view: 'audience', fingerprint: '00ff00' }))).toBe(
      '?v=1&preset=dual-step&step=1&view=audience&fp=00ff00',
    );
    expect(encodeUrlState(state({ view: 'app', fingerprint: '' }))).toBe('?v=1&preset=dual-step');
  });
});

describe('decode: shape of the query', () => {
  test('with or without the leading "?", with empty parts and "+" for spaces', () => {
    const a = decodeUrlState('preset=hotplug&&step=4&');
    expect(a).toEqual({
      state: { ...defaultUrlState(), preset: 'hotplug', config: preset('hotplug'), step: 4 },
      messages: [],
    });
    expect(decodeUrlState('?view=presenter').state.view).toBe('presenter');
    expect(decodeUrlState('?colour+x=1').messages).toEqual([
      'Unknown key "colour x" in the link: ignored.',
    ]);
  });
  test('"+" in a value is a space too', () => {
    expect(decodeUrlState('?view=a+b').messages[0]).toMatch(/^Unknown view "a b"/);
    expect(decodeUrlState('?v=12').messages[0]).toMatch(/newer hypstep \(schema v12\)/);
  });
  test('a part starting with "=" has an empty key', () => {
    expect(decodeUrlState('?=x').messages).toEqual(['Unknown key "" in the link: ignored.']);
  });
  test('a version with anything but digits is unknown, even one Number() would read', () => {
    for (const v of ['%202', '2%20', '01'])
      expect(decodeUrlState(`?v=${v}`).messages[0], v).toMatch(/^Unknown link version "/);
  });
  test('a key without "=" has an empty value', () => {
    expect(decodeUrlState('?step').messages).toEqual([
      'Step "" is not a step number (1, 2, 3, ...): showing step 1.',
    ]);
  });
  test('the first occurrence of a key wins for step, view and fingerprint', () => {
    expect(decodeUrlState('?step=3&step=5').state.step).toBe(3);
  });
  test('an "=" inside a value belongs to the value', () => {
    expect(decodeUrlState('?view=app=1').messages[0]).toMatch(/Unknown view "app=1"/);
  });
  test(`a query of exactly ${MAX_QUERY_LENGTH} characters is read; one more is refused whole`, () => {
    const pad = (n: number) =>
      '?preset=dual-step&x=' + 'y'.repeat(n - '?preset=dual-step&x='.length);
    expect(MAX_QUERY_LENGTH).toBe(2000);
    const ok = decodeUrlState(pad(2000));
    expect(ok.messages).toEqual(['Unknown key "x" in the link: ignored.']);
    const long = decodeUrlState(pad(2001) + '&step=5');
    expect(long.state).toEqual(defaultUrlState());
    expect(long.messages).toHaveLength(1);
    expect(long.messages[0]).toMatch(/at most 2000\): showing the default scenario\.$/);
  });
  test('something that is not a string gives the default state and one message', () => {
    expect(decodeUrlState(undefined as unknown as string)).toEqual({
      state: defaultUrlState(),
      messages: ['The link could not be read.'],
    });
  });
  test('a malformed %-escape skips that part only, naming it', () => {
    const r = decodeUrlState('?step=%zz&view=embed');
    expect(r.messages).toEqual(['The link has a malformed part "step=%zz": ignored.']);
    expect(r.state.view).toBe('embed');
    expect(r.state.step).toBeNull();
    expect(decodeUrlState('?%zz=1').messages[0]).toMatch(/malformed part "%zz=1"/);
  });
});

describe('decode: values', () => {
  test('schema version: 1 is silent, a newer one is read as v1, anything else is unknown', () => {
    expect(decodeUrlState('?v=1').messages).toEqual([]);
    expect(decodeUrlState('?v=2').messages).toEqual([
      'The link is from a newer hypstep (schema v2); read as v1.',
    ]);
    expect(decodeUrlState('?v=0').messages).toEqual(['Unknown link version "0": read as v1.']);
    expect(decodeUrlState('?v=x2').messages).toEqual(['Unknown link version "x2": read as v1.']);
    expect(decodeUrlState('?v=2x').messages).toEqual(['Unknown link version "2x": read as v1.']);
  });
  test('an unknown preset lists the known ones and falls back to the default, keeping the other keys', () => {
    const r = decodeUrlState('?preset=nope&cpus=3');
    expect(r.messages[0]).toMatch(
      /^Unknown preset "nope" \(known: dual-step, bounce-page, .*stress\): showing dual-step\.$/,
    );
    expect(r.state.preset).toBe('dual-step');
    expect(r.state.config.cpus).toBe(3);
  });
  test('fp, embed, step, view and v are known keys that are not config keys', () => {
    expect(decodeUrlState('?fp=abcdef&embed=0&step=2&view=app&v=1').messages).toEqual([]);
    expect(decodeUrlState('?embed=0').state.view).toBe('app');
    expect(decodeUrlState('?view=presenter&embed=1').state.view).toBe('embed');
  });
  test('a config value that parses but is out of range is put back to the preset value, with a message', () => {
    const r = decodeUrlState('?preset=hotplug&tlbEntries=2&cpus=3');
    expect(r.messages).toEqual(["tlbEntries: 2 must be 4 to 512: kept the preset's value."]);
    expect(r.state.config).toEqual({ ...preset('hotplug'), cpus: 3 });
  });
  test('values that are only wrong together fall back to the preset as it is', () => {
    const r = decodeUrlState('?preset=hotplug&cpus=1&step=2');
    expect(r.messages.at(-1)).toBe(
      "The link's settings do not fit together: showing the hotplug preset as it is.",
    );
    expect(r.state.config).toEqual(preset('hotplug'));
    expect(r.state.step).toBe(2);
  });
  test('step: 1 to 9 digits and at least 1; leading zeros are fine', () => {
    expect(decodeUrlState('?step=1').state.step).toBe(1);
    expect(decodeUrlState('?step=007').state.step).toBe(7);
    expect(decodeUrlState('?step=999999999').state.step).toBe(999_999_999);
    for (const bad of ['0', '1234567890', '1.5', '3x', ' 3'])
      expect(decodeUrlState(`?step=${encodeURIComponent(bad)}`).state.step, bad).toBeNull();
  });
  test('fingerprint: exactly six lower-case hex digits', () => {
    expect(decodeUrlState('?fp=0a1b2c').state.fingerprint).toBe('0a1b2c');
    for (const bad of ['ABCDEF', 'abcde', 'abcdef0', 'xabcdef', 'ghijkl', ''])
      expect(decodeUrlState(`?fp=${bad}`).state.fingerprint, bad).toBeNull();
    expect(decodeUrlState('?fp=ABCDEF').messages).toEqual([
      'The link\'s fingerprint "ABCDEF" is malformed: ignored.',
    ]);
  });
  test('every view name is accepted; the message for a wrong one lists them', () => {
    for (const v of ['app', 'presenter', 'audience', 'embed'])
      expect(decodeUrlState(`?view=${v}`).state.view).toBe(v);
    expect(decodeUrlState('?view=x').messages).toEqual([
      'Unknown view "x" (known: app, presenter, audience, embed): showing the app.',
    ]);
  });
  test('quoted parts are cut to 40 characters and control characters shown as "?"', () => {
    const forty = 'a'.repeat(40);
    expect(decodeUrlState(`?${forty}=1`).messages[0]).toBe(
      `Unknown key "${forty}" in the link: ignored.`,
    );
    expect(decodeUrlState(`?${forty}b=1`).messages[0]).toBe(
      `Unknown key "${forty}…" in the link: ignored.`,
    );
    expect(decodeUrlState('?view=%07x%C3%A9').messages[0]).toMatch(/^Unknown view "\?x\?"/);
  });
});

describe('resolveStep', () => {
  const fp = 'abcdef';
  test('no step means step 1; a step inside the trace is kept silently, the last one too', () => {
    expect(resolveStep(state({}), 10, fp)).toEqual({ step: 1, messages: [] });
    expect(resolveStep(state({ step: 10 }), 10, fp)).toEqual({ step: 10, messages: [] });
  });
  test('a matching fingerprint, or none, or a link without a step: no warning', () => {
    expect(resolveStep(state({ step: 3, fingerprint: fp }), 10, fp).messages).toEqual([]);
    expect(resolveStep(state({ step: 3, fingerprint: null }), 10, fp).messages).toEqual([]);
    expect(resolveStep(state({ step: null, fingerprint: '000000' }), 10, fp).messages).toEqual([]);
  });
  test('a step past the end and another engine version: both messages, clamped step named', () => {
    expect(resolveStep(state({ step: 12, fingerprint: '000000' }), 10, fp)).toEqual({
      step: 10,
      messages: [
        'Step 12 is past the end of this scenario (10 steps): showing step 10.',
        'This link was made by another version of hypstep: step 10 may now show something different from what its author saw.',
      ],
    });
  });
});
