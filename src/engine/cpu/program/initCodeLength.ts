import type { Design } from '../../scenario/config';

/**
 * The assembled size in bytes of each design's init code (__hyp_idmap_text, vectors included).
 * Validating a config needs it for every link; as numbers here, a page checks a link without
 * loading the assembler. initCodeLength.test.ts assembles both and pins these to the result.
 */
export const INIT_CODE_BYTES: Readonly<Record<Design, number>> = {
  'dual-step': 228,
  'single-step': 184,
};

export function naturalIdmapLength(design: Design): number {
  return INIT_CODE_BYTES[design];
}
