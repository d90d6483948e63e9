import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../../engine/scenario/config';
import { parseSyncMessage } from './syncMessage';

const good = {
  type: 'state',
  from: 'k3j9x',
  presetName: 'dual-step',
  config: { ...DEFAULT_CONFIG },
  cursor: 40,
  blanked: false,
  approved: false,
  compare: null,
};

describe('sync messages are checked like a link', () => {
  test('a compared side travels checked like the main config', () => {
    const compare = { preset: 'single-step', config: { ...DEFAULT_CONFIG, design: 'single-step' } };
    expect(parseSyncMessage({ ...good, compare })).toEqual({ ...good, compare });
    // an older build's message without the new fields: nothing approved, nothing compared
    const old: Record<string, unknown> = { ...good };
    delete old.approved;
    delete old.compare;
    expect(parseSyncMessage(old)).toEqual(good);
    expect(
      parseSyncMessage({ ...good, compare: { preset: 'nope', config: DEFAULT_CONFIG } }),
    ).toBeNull();
    expect(
      parseSyncMessage({
        ...good,
        compare: { preset: 'dual-step', config: { ...DEFAULT_CONFIG, cpus: 5000 } },
      }),
    ).toBeNull();
  });

  test('a well-formed state, hello, move and blank pass', () => {
    expect(parseSyncMessage(good)).toEqual(good);
    expect(parseSyncMessage({ type: 'hello' })).toEqual({ type: 'hello' });
    expect(parseSyncMessage({ type: 'move', to: 'k3j9x', move: 'nextMoment' })).toEqual({
      type: 'move',
      to: 'k3j9x',
      move: 'nextMoment',
    });
    expect(parseSyncMessage({ type: 'blank', to: 'k3j9x', on: true })).toEqual({
      type: 'blank',
      to: 'k3j9x',
      on: true,
    });
    expect(parseSyncMessage({ type: 'bye', from: 'k3j9x', extra: 1 })).toEqual({
      type: 'bye',
      from: 'k3j9x',
    });
  });
  test.each([
    ['not an object', 'hello'],
    ['null', null],
    ['an unknown type', { type: 'steal' }],
    ['cursor NaN', { ...good, cursor: NaN }],
    ['cursor 0', { ...good, cursor: 0 }],
    ['cursor 1.5', { ...good, cursor: 1.5 }],
    ['cursor as text', { ...good, cursor: '40' }],
    ['an unknown preset', { ...good, presetName: 'nope' }],
    ['no config', { ...good, config: undefined }],
    [
      'cpus 5000 (the validator rejects it)',
      { ...good, config: { ...DEFAULT_CONFIG, cpus: 5000 } },
    ],
    ['a config key of the wrong type', { ...good, config: { ...DEFAULT_CONFIG, skipTlbi: 'yes' } }],
    ['a config with an extra key', { ...good, config: { ...DEFAULT_CONFIG, evil: 1 } }],
    ['a config with a key missing', { ...good, config: { ...DEFAULT_CONFIG, cpus: undefined } }],
    ['ramBase Infinity', { ...good, config: { ...DEFAULT_CONFIG, ramBase: Infinity } }],
    ['blanked as text', { ...good, blanked: 'no' }],
    ['an unknown move', { type: 'move', to: 'k3j9x', move: 'explode' }],
    ['a move to nobody', { type: 'move', move: 'forward' }],
    ['blank without on', { type: 'blank', to: 'k3j9x' }],
    ['a state from no window', { ...good, from: undefined }],
    ['a state from a malformed window id', { ...good, from: '<script>' }],
    ['a bye from no window', { type: 'bye' }],
  ])('%s is dropped', (_name, data) => expect(parseSyncMessage(data)).toBeNull());
});
