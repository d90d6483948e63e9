import fc from 'fast-check';
import { CONFIG_KEYS } from '../engine/scenario/config';
import { PRESETS } from '../engine/scenario/presets';

/** Random and mutated links for the decoder's property test and `npm run fuzz`. */
const keyArb = fc.oneof(
  fc.constantFrom('v', 'preset', 'step', 'view', 'fp', 'embed', ...CONFIG_KEYS),
  fc.string({ maxLength: 12 }),
);
const valueArb = fc.oneof(
  fc.constantFrom(
    ...PRESETS.map((p) => p.name),
    'app',
    'presenter',
    'embed',
    'true',
    'false',
    '1',
    '-1',
    '0x80320fa0',
    'dual-step',
    'single-step',
    '%',
    '%zz',
    '0x',
    '',
  ),
  fc.integer({ min: -5, max: 100000 }).map(String),
  fc.integer({ min: 0, max: 0xffffffff }).map((n) => '0x' + n.toString(16)),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
export const queryArb = fc
  .array(fc.tuple(keyArb, valueArb), { maxLength: 12 })
  .map(
    (pairs) =>
      '?' + pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
  );
/** A valid link with one character changed, inserted or deleted. */
export const mutatedArb = fc
  .tuple(
    fc.constantFrom(
      '?v=1&preset=bounce-page&step=17',
      '?v=1&preset=dual-step&idmapStart=0x80320fa0&step=9',
      '?preset=stale-tlb&step=200&view=presenter&fp=3fa2c1',
    ),
    fc.nat(),
    fc.constantFrom('del', 'ins', 'rep'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  )
  .map(([s, at, op, ch]) => {
    const i = at % (s.length + 1);
    return op === 'del'
      ? s.slice(0, i) + s.slice(i + 1)
      : op === 'ins'
        ? s.slice(0, i) + ch + s.slice(i)
        : s.slice(0, i) + ch + s.slice(i + 1);
  });
export const rawArb = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ minLength: 1990, maxLength: 2100 }),
);
export const anyLinkArb = fc.oneof(queryArb, mutatedArb, rawArb);
