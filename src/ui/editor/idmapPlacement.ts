import { naturalIdmapLength } from '../../engine/cpu/program/programs';
import type { Config } from '../../engine/scenario/config';
import { validateConfig } from '../../engine/scenario/validate';
import { ghex } from '../model/format';

export const PAGE = 4096;
/** The linker aligns .hyp.idmap.text to 32 bytes: where the section can start. */
export const IDMAP_ALIGN = 32;

export function idmapLength(config: Config): number {
  return config.idmapLength === 0 ? naturalIdmapLength(config.design) : config.idmapLength;
}

export function snapIdmap(pa: number): number {
  return Math.round(pa / IDMAP_ALIGN) * IDMAP_ALIGN;
}

export interface Placement {
  readonly start: number;
  readonly end: number;
  readonly crosses: boolean;
  /** What the kernel does with the code here, in words; or why it cannot be here. */
  readonly verdict: string;
  readonly valid: boolean;
}

/** Where the init code would be at `start`, and what kvm_mmu_init does about it. */
export function placeIdmap(config: Config, start: number): Placement {
  const len = idmapLength(config);
  const end = start + len;
  const firstPage = start - (start % PAGE);
  const crosses = end - 1 >= firstPage + PAGE;
  const errors = validateConfig(
    { ...config, idmapStart: start },
    naturalIdmapLength(config.design),
  );
  const own = errors.find((e) => e.key === 'idmapStart');
  if (own) return { start, end, crosses, verdict: own.message, valid: false };
  const where = `${ghex(start)}–${ghex(end)}`;
  let verdict: string;
  if (!crosses)
    verdict = `${where} fits in page ${ghex(firstPage)}: mapped in place, no bounce page`;
  else if (config.noBounce)
    verdict = `${where} crosses into page ${ghex(firstPage + PAGE)} and noBounce is set: the trampoline maps only the first page`;
  else
    verdict = `${where} crosses into page ${ghex(firstPage + PAGE)}: kvm_mmu_init copies it to a bounce page`;
  return { start, end, crosses, verdict, valid: errors.length === 0 };
}
