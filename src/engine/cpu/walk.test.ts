import { describe, expect, test } from 'vitest';
import { hypVa } from '../arch/types';
import {
  AF,
  AP2_RO,
  BLOCK,
  L1,
  L2,
  L3,
  L3_SLOT,
  PAGE_HYP_BITS,
  Tables,
  TABLE,
  threeLevels,
  VA,
  XN,
  XN_TABLE,
} from '../test/tables';
import { FSC, walk, type AccessType } from './walk';

/*
 * The stage-1 walk of the HYP regime with T0SZ = 0 (ARM ARM B3.6, long-descriptor format;
 * facts §1.1, §1.2, §7 conventions for the fault status codes).
 */

const PA_PAGE = 0x9000_0000;
const leaf = (bits: bigint) => BigInt(PA_PAGE) | bits;
const run = (t: Tables, type: AccessType | null, wxn = false, ttbr = L1, va = VA) =>
  walk(t.world, 0, ttbr, hypVa(va), 'coherent', type, wxn);

describe('fault status codes (long-descriptor format)', () => {
  test('translation 0x05-0x07, access flag 0x09-0x0b, permission 0x0d-0x0f, external 0x10, alignment 0x21', () => {
    expect([1, 2, 3].map(FSC.translation)).toEqual([0x05, 0x06, 0x07]);
    expect([1, 2, 3].map(FSC.accessFlag)).toEqual([0x09, 0x0a, 0x0b]);
    expect([1, 2, 3].map(FSC.permission)).toEqual([0x0d, 0x0e, 0x0f]);
    expect(FSC.external).toBe(0x10);
    expect(FSC.alignment).toBe(0x21);
  });
});

describe('a three-level walk to a 4 KiB page', () => {
  test('indexes VA[31:30], VA[29:21], VA[20:12] and adds VA[11:0] to the page', () => {
    const w = run(threeLevels(leaf(PAGE_HYP_BITS)), 'read');
    expect(w.fault).toBeNull();
    expect(w.pa).toBe(0x9000_0abc);
    expect(w.attrs).toBe(0x0080_0000_9000_075fn);
    expect(w.observer).toBe('coherent');
    expect(w.va).toBe(VA);
    expect(w.ttbr).toBe(L1);
    expect(w.levels).toEqual([
      { level: 1, index: 1, tableAddr: L1, descAddr: L1 + 8, desc: BigInt(L2) | 3n, kind: 'table' },
      { level: 2, index: 1, tableAddr: L2, descAddr: L2 + 8, desc: BigInt(L3) | 3n, kind: 'table' },
      {
        level: 3,
        index: 3,
        tableAddr: L3,
        descAddr: L3 + 24,
        desc: leaf(PAGE_HYP_BITS),
        kind: 'page',
      },
    ]);
  });
  test('HTTBR is masked to 32-byte alignment: bits [4:0] of the base are ignored (x = 5 - T0SZ)', () => {
    const t = threeLevels(leaf(PAGE_HYP_BITS));
    for (const ttbr of [L1 + 1, L1 + 0x1f, L1 + 8]) {
      const w = run(t, 'read', false, ttbr);
      expect(w.levels[0]!.tableAddr).toBe(L1);
      expect(w.levels[0]!.descAddr).toBe(L1 + 8);
      expect(w.pa).toBe(0x9000_0abc);
    }
    // a base 32 bytes further on is another table (here: empty, so a level-1 fault)
    expect(run(t, 'read', false, L1 + 0x20).fault).toEqual({
      type: 'translation',
      level: 1,
      fsc: 0x05,
    });
  });
  test('the walk reads descriptors as its observer sees memory: a dirty entry is invisible at the PoC', () => {
    const t = new Tables()
      .put(L1 + 8, BigInt(L2) | TABLE)
      .putDirty(L2 + 8, BigInt(L3) | TABLE)
      .put(L3_SLOT, leaf(PAGE_HYP_BITS));
    const coherent = walk(t.world, 0, L1, hypVa(VA), 'coherent', 'read');
    expect(coherent.pa).toBe(0x9000_0abc);
    const poc = walk(t.world, 0, L1, hypVa(VA), 'poc', 'read');
    expect(poc.observer).toBe('poc');
    expect(poc.fault).toEqual({ type: 'translation', level: 2, fsc: 0x06 });
    expect(poc.levels[1]!.desc).toBe(0n);
    expect(poc.pa).toBeNull();
    expect(poc.attrs).toBeNull();
  });
});

describe('blocks: a level-1 block covers 1 GiB, a level-2 block 2 MiB', () => {
  test('L1 block: output [39:30] plus VA[29:0]', () => {
    const t = new Tables().put(L1 + 2 * 8, 0x1_4000_0000n | AF | BLOCK);
    const w = run(t, 'read', false, L1, 0xbfff_fffc);
    expect(w.levels.map((l) => l.kind)).toEqual(['block']);
    expect(w.pa).toBe(0x1_7fff_fffc);
    expect(run(t, 'read', false, L1, 0x8000_0000).pa).toBe(0x1_4000_0000);
    expect(run(t, 'read', false, L1, 0x8123_4567).pa).toBe(0x1_4123_4567);
  });
  test('L2 block: output [39:21] plus VA[20:0]; the next 2 MiB is another entry', () => {
    const t = new Tables()
      .put(L1 + 1 * 8, BigInt(L2) | TABLE)
      .put(L2 + 1 * 8, 0x8060_0000n | AF | BLOCK);
    expect(run(t, 'read', false, L1, 0x4020_0000).pa).toBe(0x8060_0000);
    expect(run(t, 'read', false, L1, 0x403f_ffff).pa).toBe(0x807f_ffff);
    expect(run(t, 'read', false, L1, 0x4040_0000).fault).toEqual({
      type: 'translation',
      level: 2,
      fsc: 0x06,
    });
  });
  test('an access-flag fault or a permission fault on a block is reported at the block level', () => {
    const l1 = new Tables().put(L1 + 2 * 8, 0x4000_0000n | BLOCK);
    expect(run(l1, 'read', false, L1, 0x8000_1000).fault).toEqual({
      type: 'access-flag',
      level: 1,
      fsc: 0x09,
    });
    const l2 = new Tables()
      .put(L1 + 1 * 8, BigInt(L2) | TABLE)
      .put(L2 + 1 * 8, 0x8060_0000n | AF | AP2_RO | BLOCK);
    expect(run(l2, 'write', false, L1, 0x4020_0000).fault).toEqual({
      type: 'permission',
      level: 2,
      fsc: 0x0e,
    });
    const l2af = new Tables()
      .put(L1 + 1 * 8, BigInt(L2) | TABLE)
      .put(L2 + 1 * 8, 0x8060_0000n | BLOCK);
    expect(run(l2af, 'read', false, L1, 0x4020_0000).fault?.fsc).toBe(0x0a);
  });
});

describe('translation faults', () => {
  test('an invalid entry faults at its level: 0x05, 0x06, 0x07, and the walk stops there', () => {
    const noL1 = run(new Tables(), 'read');
    expect(noL1.fault).toEqual({ type: 'translation', level: 1, fsc: 0x05 });
    expect(noL1.levels).toHaveLength(1);
    expect(noL1.levels[0]!.kind).toBe('invalid');
    const noL2 = run(new Tables().put(L1 + 8, BigInt(L2) | TABLE), 'read');
    expect(noL2.fault).toEqual({ type: 'translation', level: 2, fsc: 0x06 });
    expect(noL2.levels).toHaveLength(2);
    const noL3 = run(threeLevels(0n), 'read');
    expect(noL3.fault).toEqual({ type: 'translation', level: 3, fsc: 0x07 });
    expect(noL3.levels).toHaveLength(3);
  });
  test('a reserved level-3 descriptor (valid, bit 1 clear) is a level-3 translation fault, 0x07', () => {
    const w = run(threeLevels(leaf(PAGE_HYP_BITS & ~2n)), 'read');
    expect(w.levels[2]!.kind).toBe('reserved');
    expect(w.fault).toEqual({ type: 'translation', level: 3, fsc: 0x07 });
    expect(w.pa).toBeNull();
  });
});

describe('access flag (no hardware AF update on ARMv7: a clear AF always faults)', () => {
  test('AF clear at level 3 faults on every access type with 0x0b', () => {
    const t = threeLevels(leaf(PAGE_HYP_BITS & ~AF));
    for (const type of ['fetch', 'read', 'write', null] as const)
      expect(run(t, type).fault).toEqual({ type: 'access-flag', level: 3, fsc: 0x0b });
  });
  test('the access-flag fault takes priority over a permission fault on the same entry', () => {
    const t = threeLevels(leaf((PAGE_HYP_BITS & ~AF) | XN | AP2_RO));
    expect(run(t, 'fetch').fault?.type).toBe('access-flag');
    expect(run(t, 'write').fault?.type).toBe('access-flag');
  });
});

describe('permissions in the HYP regime: AP[2], XN, XNTable, HSCTLR.WXN', () => {
  const perm3 = { type: 'permission', level: 3, fsc: 0x0f };
  test('AP[2] = 1 (read-only): a write faults, a read and a fetch do not', () => {
    const t = threeLevels(leaf(PAGE_HYP_BITS | AP2_RO));
    expect(run(t, 'write').fault).toEqual(perm3);
    expect(run(t, 'write').pa).toBeNull();
    expect(run(t, 'read').pa).toBe(0x9000_0abc);
    expect(run(t, 'fetch').pa).toBe(0x9000_0abc);
  });
  test('XN = 1: a fetch faults, a read and a write do not', () => {
    const t = threeLevels(leaf(PAGE_HYP_BITS | XN));
    expect(run(t, 'fetch').fault).toEqual(perm3);
    expect(run(t, 'read').fault).toBeNull();
    expect(run(t, 'write').fault).toBeNull();
  });
  test('XNTable in a level-1 or a level-2 table entry makes every page below it execute-never', () => {
    for (const [l1x, l2x] of [
      [XN_TABLE, 0n],
      [0n, XN_TABLE],
    ]) {
      const t = threeLevels(leaf(PAGE_HYP_BITS), l1x, l2x);
      expect(run(t, 'fetch').fault).toEqual(perm3);
      expect(run(t, 'read').pa).toBe(0x9000_0abc);
    }
    // XNTable at level 1 still applies after a level-2 table entry without it
    const both = threeLevels(leaf(PAGE_HYP_BITS), XN_TABLE, 0n);
    expect(run(both, 'fetch').fault?.level).toBe(3);
    expect(run(threeLevels(leaf(PAGE_HYP_BITS)), 'fetch').fault).toBeNull();
  });
  test('WXN: a writable page is execute-never; a read-only page stays executable', () => {
    const rw = threeLevels(leaf(PAGE_HYP_BITS));
    expect(run(rw, 'fetch', true).fault).toEqual(perm3);
    expect(run(rw, 'fetch', false).fault).toBeNull();
    expect(run(rw, 'read', true).fault).toBeNull();
    expect(run(rw, 'write', true).fault).toBeNull();
    const ro = threeLevels(leaf(PAGE_HYP_BITS | AP2_RO));
    expect(run(ro, 'fetch', true).fault).toBeNull();
  });
  test('a walk with no access type (a query, as isStale makes) checks no permission', () => {
    const t = threeLevels(leaf(PAGE_HYP_BITS | AP2_RO | XN), XN_TABLE);
    expect(run(t, null, true).pa).toBe(0x9000_0abc);
  });
  test('the default for WXN is off', () => {
    const t = threeLevels(leaf(PAGE_HYP_BITS));
    expect(walk(t.world, 0, L1, hypVa(VA), 'coherent', 'fetch').fault).toBeNull();
  });
});
