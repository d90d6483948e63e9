import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../engine/scenario/config';
import { findPreset, presetConfig } from '../engine/scenario/presets';
import { validateConfig } from '../engine/scenario/validate';
import { naturalIdmapLength } from '../engine/cpu/program/programs';
import { decodeUrlState, encodeUrlState, resolveStep, type UrlState } from './codec';
import { anyLinkArb } from './urlArbitraries';

const preset = (name: string) => presetConfig(findPreset(name)!);

const CASES: { name: string; state: UrlState; url: string }[] = [
  {
    name: 'a preset and a step',
    state: {
      preset: 'bounce-page',
      config: preset('bounce-page'),
      step: 17,
      view: 'app',
      fingerprint: null,
    },
    url: '?v=1&preset=bounce-page&step=17',
  },
  {
    name: 'a key that differs from its preset, in hex',
    state: {
      preset: 'dual-step',
      config: { ...DEFAULT_CONFIG, idmapStart: 0x80320fa0 },
      step: 9,
      view: 'app',
      fingerprint: null,
    },
    url: '?v=1&preset=dual-step&idmapStart=0x80320fa0&step=9',
  },
  {
    name: 'booleans, design and a view',
    state: {
      preset: 'hotplug',
      config: { ...preset('hotplug'), design: 'single-step', skipTlbi: true },
      step: null,
      view: 'presenter',
      fingerprint: 'a1b2c3',
    },
    url: '?v=1&preset=hotplug&design=single-step&skipTlbi=true&view=presenter&fp=a1b2c3',
  },
  {
    name: 'a key put back to its default inside a preset that changes it',
    state: {
      preset: 'stale-tlb',
      config: { ...preset('stale-tlb'), probeVa: -1 },
      step: 1,
      view: 'embed',
      fingerprint: null,
    },
    url: '?v=1&preset=stale-tlb&probeVa=-1&step=1&view=embed',
  },
];

describe('URL codec round trips', () => {
  test.each(CASES)('$name: encode', ({ state, url }) => expect(encodeUrlState(state)).toBe(url));
  test.each(CASES)('$name: decode', ({ state, url }) =>
    expect(decodeUrlState(url)).toEqual({ state, messages: [] }),
  );
  test('a preset plus a step (and a fingerprint) fits in 120 characters', () => {
    const longest = PRESETS_LONGEST();
    expect(
      encodeUrlState({
        preset: longest,
        config: preset(longest),
        step: 999999,
        view: 'app',
        fingerprint: 'abcdef',
      }).length,
    ).toBeLessThanOrEqual(120);
  });
  test('?embed=1 opens the embed view', () =>
    expect(decodeUrlState('?embed=1').state.view).toBe('embed'));
});

function PRESETS_LONGEST(): string {
  return ['hotplug-single-step', 'vector-collision', 'idmap-too-big'].sort(
    (a, b) => b.length - a.length,
  )[0]!;
}

describe('bad links: a message naming the problem and the nearest valid state', () => {
  test.each([
    ['?preset=nope&step=3', /Unknown preset "nope"/, { preset: 'dual-step', step: 3 }],
    ['?colour=red', /Unknown key "colour"/, { preset: 'dual-step' }],
    [
      '?cpus=lots',
      /cpus: "lots" is not a whole number: kept the preset's value/,
      { config: { cpus: 2 } },
    ],
    ['?cpus=99', /cpus: 99 must be 1 to 8: kept the preset's value/, { config: { cpus: 2 } }],
    ['?step=-4', /Step "-4" is not a step number/, { step: null }],
    ['?view=slides', /Unknown view "slides"/, { view: 'app' }],
    ['?v=7&preset=dual-step', /newer hypstep \(schema v7\)/, { preset: 'dual-step' }],
    ['?preset=%E0%A4%A', /malformed part/, { preset: 'dual-step' }],
    ['?' + 'x'.repeat(3000), /too long \(3001 characters/, { preset: 'dual-step' }],
  ])('%s', (url, message, partial) => {
    const r = decodeUrlState(url);
    expect(r.messages.join('\n')).toMatch(message);
    expect(r.state).toMatchObject(partial);
  });
  test('a step past the end is clamped, with a message', () => {
    expect(resolveStep({ ...decodeUrlState('?step=900').state }, 222, 'aaaaaa')).toEqual({
      step: 222,
      messages: ['Step 900 is past the end of this scenario (222 steps): showing step 222.'],
    });
  });
  test('a link made by another engine version says so', () => {
    const r = resolveStep(decodeUrlState('?step=20&fp=aaaaaa').state, 222, 'bbbbbb');
    expect(r.messages[0]).toMatch(/made by another version of hypstep/);
  });
});

describe('property: the decoder never throws and always yields a valid state', () => {
  test('random, mutated and oversized links', () => {
    fc.assert(
      fc.property(anyLinkArb, (link) => {
        const r = decodeUrlState(link);
        expect(validateConfig(r.state.config, naturalIdmapLength(r.state.config.design))).toEqual(
          [],
        );
        expect(findPreset(r.state.preset)).toBeDefined();
        expect(r.state.step === null || (Number.isInteger(r.state.step) && r.state.step >= 1)).toBe(
          true,
        );
        for (const m of r.messages) expect(m.length).toBeLessThan(600);
      }),
      { numRuns: import.meta.env.HYPSTEP_MUTATION ? 300 : 3000, seed: 0x5eed },
    );
  });
});

describe('the inspector in the link', () => {
  test('tab and va round-trip, after the view', () => {
    const url = '?v=1&preset=dual-step&step=170&tab=inspector&va=0xffff0000';
    const { state, messages } = decodeUrlState(url);
    expect(messages).toEqual([]);
    expect(state.tab).toBe('inspector');
    expect(state.va).toBe(0xffff0000);
    expect(encodeUrlState(state)).toBe(url);
  });
  test('the VA may be typed as a person would', () =>
    expect(decodeUrlState('?va=ffff_0080').state.va).toBe(0xffff0080));
  test('a bad tab or VA is named and ignored', () => {
    const r = decodeUrlState('?tab=cpu&va=0x1_0000_0000');
    expect(r.state.tab).toBeUndefined();
    expect(r.state.va).toBeUndefined();
    expect(r.messages).toEqual([
      'Unknown tab "cpu" (known: tables, strip, inspector): showing the page tables.',
      'The link\'s address "0x1_0000_0000" is not a 32-bit hex address: ignored.',
    ]);
  });
});
