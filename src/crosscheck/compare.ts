import { hex, hex64 } from '../engine/arch/hex';
import type { HypVa } from '../engine/arch/types';
import { walk } from '../engine/cpu/walk';
import type { Exported } from './export';
import type { VaProbe } from './vas';

/** One comparison between the engine and QEMU; `ok` false names both answers. */
export interface Check {
  readonly what: string;
  readonly ok: boolean;
  readonly engine: string;
  readonly qemu: string;
}

/** A PAR as ATS1HR leaves it (LPAE format, PAR.LPAE = bit 11). */
export interface Par {
  readonly fault: boolean;
  /** Fault status code, PAR.FST = PAR[6:1]. */
  readonly fst: number;
  readonly pa: number;
  readonly attr: number;
  readonly sh: number;
}

export function decodePar(hi: number, lo: number): Par {
  const fault = (lo & 1) !== 0;
  return {
    fault,
    fst: (lo >>> 1) & 0x3f,
    pa: fault ? 0 : (hi & 0xff) * 2 ** 32 + ((lo & ~0xfff) >>> 0),
    attr: (hi >>> 24) & 0xff,
    sh: (lo >>> 7) & 3,
  };
}

const FAULT_NAMES: Record<number, string> = { 1: 'translation', 2: 'access-flag', 3: 'permission' };

export function describeFsc(fsc: number): string {
  const kind = FAULT_NAMES[fsc >> 2];
  return kind ? `${kind} fault, level ${fsc & 3} (FSC ${hex(fsc, 2)})` : `FSC ${hex(fsc, 2)}`;
}

/** T lines: "T index par_hi par_lo". */
export function parseTranslations(stdout: string): Map<number, Par> {
  const out = new Map<number, Par>();
  for (const m of stdout.matchAll(/^T 0x([0-9a-f]{8}) 0x([0-9a-f]{8}) 0x([0-9a-f]{8})$/gm))
    out.set(parseInt(m[1]!, 16), decodePar(parseInt(m[2]!, 16), parseInt(m[3]!, 16)));
  return out;
}

function hmairByte(ex: Exported, attrIndx: number): number {
  const reg = attrIndx < 4 ? ex.regs.hmair0 : ex.regs.hmair1;
  return (reg >>> (8 * (attrIndx % 4))) & 0xff;
}

/**
 * Per VA: the PA, or the fault type and level; for a translation, PAR.ATTR against the HMAIR
 * byte the descriptor's AttrIndx selects, and SH for Normal memory (ATS1HR checks a read).
 */
export function compareTranslations(
  ex: Exported,
  vas: readonly VaProbe[],
  pars: ReadonlyMap<number, Par>,
): Check[] {
  const checks: Check[] = [];
  const version = ex.state.version;
  vas.forEach((p, i) => {
    const base = p.pgd === 'boot' ? ex.bootPgd : ex.runtimePgd;
    const w = walk(ex.trace.world, version, base, p.va as HypVa, ex.observer, 'read');
    const par = pars.get(i);
    const what = `VA ${hex(p.va, 8)} in the ${p.pgd} PGD (${hex(base)}; ${p.why})`;
    const engine = w.fault ? describeFsc(w.fault.fsc) : `PA ${hex(w.pa ?? 0)}`;
    if (!par) {
      checks.push({ what, ok: false, engine, qemu: 'no answer' });
      return;
    }
    const qemu = par.fault ? describeFsc(par.fst) : `PA ${hex(par.pa + (p.va % 4096))}`;
    checks.push({ what, ok: engine === qemu, engine, qemu });
    if (w.fault || par.fault || w.attrs === null) return;
    const desc = w.levels[w.levels.length - 1]!.desc;
    const attrIndx = Number((desc >> 2n) & 7n);
    const byte = hmairByte(ex, attrIndx);
    checks.push({
      what: `${what}: PAR.ATTR (descriptor ${hex64(desc)}, AttrIndx ${attrIndx})`,
      ok: par.attr === byte,
      engine: `HMAIR byte ${hex(byte, 2)}`,
      qemu: `PAR.ATTR ${hex(par.attr, 2)}`,
    });
    if (byte >>> 4 !== 0) {
      const sh = Number((desc >> 8n) & 3n);
      checks.push({
        what: `${what}: SH (Normal memory)`,
        ok: par.sh === sh,
        engine: `SH ${sh}`,
        qemu: `PAR.SH ${par.sh}`,
      });
    }
  });
  return checks;
}
