/*
 * The crosscheck harness: run in QEMU's Cortex-A15 in Hyp mode, it either translates a list
 * of VAs through the engine's page tables with ATS1HR (JOB_TRANSLATE), or drives the engine's
 * hyp stub and init code through the kernel's HVC sequence (JOB_INIT). It prints one line per
 * result on the semihosting console; src/crosscheck/qemu.ts parses them.
 */
#include "job.h"

/* start.S */
extern void semihost(uint32_t op, const void *arg);
extern void enter_svc(void (*fn)(uint32_t), uint32_t arg, uint32_t sp) __attribute__((noreturn));
extern uint32_t hvc_call(uint32_t r0, uint32_t r1, uint32_t r2, uint32_t r3);
extern void svc_start(uint32_t run);
extern void hyp_dump_entry(void);
extern uint64_t read_httbr(void);
extern void write_httbr(uint32_t lo, uint32_t hi);
extern void write_htcr(uint32_t), write_vtcr(uint32_t), write_hmair0(uint32_t), write_hmair1(uint32_t);
extern uint32_t read_hsctlr(void), read_hvbar(void), read_hsr(void);
extern void write_hsctlr(uint32_t), write_hvbar(uint32_t), write_hyp_traps(void), tlbiallh(void);
extern uint64_t ats1hr(uint32_t va);
extern void write_sctlr(uint32_t), write_ttbcr(uint32_t), write_mair0(uint32_t), write_mair1(uint32_t);
extern void write_vbar(uint32_t);
extern uint32_t read_dfar(void), read_ifar(void), read_dfsr(void), read_ifsr(void);
extern char hyp_vectors[], svc_vectors[], __svc_stack_top[];

#define SYS_WRITE0 0x04
#define SYS_EXIT 0x18
#define ADP_EXIT_OK 0x20026u
#define ADP_EXIT_ERR 0x20023u

static struct job *const job = (struct job *)JOB_PA;

static char out[4096];
static uint32_t outlen;

static void flush(void) {
  if (!outlen) return;
  out[outlen] = 0;
  semihost(SYS_WRITE0, out);
  outlen = 0;
}
static void put(const char *s) {
  while (*s) {
    if (outlen >= sizeof out - 2) flush();
    out[outlen++] = *s++;
  }
}
static void hex(uint32_t v) {
  char b[12];
  b[0] = ' ';
  b[1] = '0';
  b[2] = 'x';
  for (int i = 0; i < 8; i++) b[3 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
  b[11] = 0;
  put(b);
}
static void line_end(void) { put("\n"); }
static void __attribute__((noreturn)) finish(uint32_t reason) {
  flush();
  semihost(SYS_EXIT, (const void *)reason);
  for (;;) {
  }
}

static volatile uint32_t *l1_entry(uint32_t lo, uint32_t slot) {
  return (volatile uint32_t *)((lo & ~31u) + slot * 8);
}

/* The identity block for the harness goes only into an L1 slot the engine left empty. */
static void place_block(uint32_t p) {
  volatile uint32_t *e = l1_entry(job->pgd_lo[p], job->slot);
  if (job->pgd_hi[p] != 0 || e[0] != 0 || e[1] != 0) {
    put("REFUSE slot");
    hex(job->slot);
    hex(job->pgd_lo[p]);
    hex(e[1]);
    hex(e[0]);
    line_end();
    finish(ADP_EXIT_ERR);
  }
  e[0] = job->block_lo;
  e[1] = job->block_hi;
}

static void translate(void) {
  write_htcr(job->htcr);
  write_hmair0(job->hmair0);
  write_hmair1(job->hmair1);
  for (uint32_t p = 0; p < job->npgd; p++) place_block(p);
  const uint32_t *list = (const uint32_t *)(JOB_PA + job->va_offset);
  for (uint32_t p = 0; p < job->npgd; p++) {
    write_httbr(job->pgd_lo[p], job->pgd_hi[p]);
    tlbiallh();
    write_hsctlr(job->hsctlr);
    for (uint32_t i = 0; i < job->nva; i++) {
      if (list[2 * i] != p) continue;
      uint64_t par = ats1hr(list[2 * i + 1]);
      put("T");
      hex(i);
      hex((uint32_t)(par >> 32));
      hex((uint32_t)par);
      line_end();
    }
    write_hsctlr(0);
  }
  put("END\n");
  finish(ADP_EXIT_OK);
}

/* What the hyp stub leaves behind on a CPU that enters the kernel in HYP (facts 4.2). */
static void reinstall_stub(void) {
  write_hsctlr(0);
  write_hyp_traps();
  write_hvbar(job->stub_vectors);
  write_httbr(0, 0);
  write_htcr(0x80000000u);
  write_vtcr(0x80000000u);
  write_hmair0(0);
  write_hmair1(0);
  tlbiallh(); /* a CPU comes out of reset with an empty TLB */
}

void hyp_main(uint32_t cpsr) {
  if (job->magic != JOB_MAGIC) {
    put("ERROR no job at");
    hex(JOB_PA);
    line_end();
    finish(ADP_EXIT_ERR);
  }
  if ((cpsr & 0x1f) != 0x1a) {
    put("ERROR not in Hyp mode: cpsr");
    hex(cpsr);
    line_end();
    finish(ADP_EXIT_ERR);
  }
  write_hvbar((uint32_t)hyp_vectors);
  if (job->kind == JOB_TRANSLATE) translate();
  place_block(1); /* the dump function runs under the runtime PGD */
  reinstall_stub();
  enter_svc(svc_start, 0, (uint32_t)__svc_stack_top);
}

void hyp_unexpected(uint32_t vector) {
  put("HARNESS-EXC");
  hex(vector);
  hex(read_hsr());
  line_end();
  finish(ADP_EXIT_ERR);
}

/* Hyp, through the engine's runtime vector: the registers init left behind. */
void hyp_dump(uint32_t run, uint32_t reset, uint32_t sp) {
  (void)reset;
  uint64_t httbr = read_httbr();
  put("D");
  hex(run);
  hex((uint32_t)(httbr >> 32));
  hex((uint32_t)httbr);
  hex(read_hsctlr());
  hex(read_hvbar());
  hex(sp);
  line_end();
  flush();
}

/* Hyp: the CPU goes away and the next run's CPU arrives through the stub. */
void hyp_next_run(uint32_t run) {
  reinstall_stub();
  enter_svc(svc_start, run, (uint32_t)__svc_stack_top);
}

static void mark(const char *what, uint32_t v) {
  put(what);
  hex(v);
  line_end();
  flush();
}

/* SVC: the kernel's side of one CPU's init, in the order arm.c issues the HVCs. */
void svc_entry(uint32_t run) {
  const struct run *r = &job->runs[run];
  write_vbar((uint32_t)svc_vectors);
  write_ttbcr(job->ttbcr);
  write_mair0(job->mair0);
  write_mair1(job->mair1);
  write_sctlr(job->sctlr);
  mark("RUN", run);
  if (r->flags & RUN_GET_VECTORS) mark("GET", hvc_call(0xffffffffu, 0, 0, 0));
  mark("SET", hvc_call(job->idmap_vector, 0, 0, 0));
  mark("PHASE1", hvc_call(0, 0, job->pgd_lo[0], job->pgd_hi[0]));
  mark("PHASE2", hvc_call(r->stack_top, job->hyp_vector, job->pgd_lo[1], job->pgd_hi[1]));
  hvc_call((uint32_t)hyp_dump_entry, run, 0, 0);
  if (r->flags & RUN_CALLS) {
    mark("FLUSH", hvc_call(job->flush_fn, 0, 0, 0));
    if (job->probe_va != 0xffffffffu) mark("PROBE", hvc_call(job->probe_fn, job->probe_va, 0, 0));
  }
  if (run + 1 < job->nruns) hvc_call((uint32_t)hyp_dump_entry, run + 1, 1, 0);
  put("END\n");
  finish(ADP_EXIT_OK);
}

/* SVC: an abort or undefined instruction after an ERET into SVC (e.g. into panic()). */
void svc_exception(uint32_t vector, uint32_t lr) {
  put("SVC-EXC");
  hex(vector);
  hex(lr);
  hex(vector == 4 ? read_dfar() : read_ifar());
  hex(vector == 4 ? read_dfsr() : read_ifsr());
  line_end();
  finish(ADP_EXIT_OK);
}
