/* The job the node side (src/crosscheck/job.ts) writes and QEMU's loader places at JOB_PA.
   Every field is a little-endian 32-bit word; keep the two files in step. */
#ifndef JOB_H
#define JOB_H
#include <stdint.h>

#define JOB_PA 0x40280000u
#define JOB_MAGIC 0x58505948u /* "HYPX" */
#define JOB_TRANSLATE 1u
#define JOB_INIT 2u
#define MAX_RUNS 8

struct run {
  uint32_t cpu;
  uint32_t stack_top; /* r0 of the second HVC */
  uint32_t flags;     /* RUN_* */
};
#define RUN_GET_VECTORS 1u /* __hyp_get_vectors first (CPU0's first run only) */
#define RUN_CALLS 2u       /* the runtime calls after init: flush, then the probe */

struct job {
  uint32_t magic, kind;
  uint32_t slot;                    /* L1 slot for the harness's identity block */
  uint32_t block_lo, block_hi;      /* that block descriptor */
  uint32_t htcr, hmair0, hmair1, hsctlr;
  uint32_t npgd;
  uint32_t pgd_lo[2], pgd_hi[2];    /* translate: the PGDs; init: boot, runtime */
  uint32_t nva, va_offset;          /* translate: nva pairs (pgd index, va) at JOB_PA + va_offset */
  /* init run */
  uint32_t stub_vectors, idmap_vector, hyp_vector;
  uint32_t flush_fn, probe_fn, probe_va; /* probe_va 0xffffffff: none */
  uint32_t sctlr, ttbcr, mair0, mair1;
  uint32_t nruns;
  struct run runs[MAX_RUNS];
};
#endif
