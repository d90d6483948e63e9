/*
 * Bare-metal entry and system-register helpers for the QEMU crosscheck harness.
 * QEMU's virt machine (virtualization=on, no EL3) resets the Cortex-A15 into Hyp mode and
 * enters here. Everything the engine's code does runs under the engine's own vectors; these
 * helpers only set the stage, read results and talk to the host through semihosting.
 */
	.syntax unified
	.arch armv7ve
	.arm

	.section .vectors, "ax"
	.global _start
_start:
	ldr	sp, =__hyp_stack_top
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b
	mrs	r0, cpsr
	bl	hyp_main
2:	b	2b

/* Harness vectors in Hyp mode (translate run only): any exception is a harness bug. */
	.align	5
	.global	hyp_vectors
hyp_vectors:
	b	hv_0
	b	hv_1
	b	hv_2
	b	hv_3
	b	hv_4
	b	hv_5
	b	hv_6
	b	hv_7
hv_0:	mov	r0, #0
	b	hyp_exc
hv_1:	mov	r0, #1
	b	hyp_exc
hv_2:	mov	r0, #2
	b	hyp_exc
hv_3:	mov	r0, #3
	b	hyp_exc
hv_4:	mov	r0, #4
	b	hyp_exc
hv_5:	mov	r0, #5
	b	hyp_exc
hv_6:	mov	r0, #6
	b	hyp_exc
hv_7:	mov	r0, #7
hyp_exc:
	ldr	sp, =__hyp_stack_top
	b	hyp_unexpected

/* Vectors for SVC (VBAR): an abort after an ERET into SVC (for example into panic()). */
	.align	5
	.global	svc_vectors
svc_vectors:
	b	.
	b	svc_und
	b	.
	b	svc_pabt
	b	svc_dabt
	b	.
	b	.
	b	.
svc_und:
	mov	r0, #1
	b	svc_exc
svc_pabt:
	mov	r0, #3
	b	svc_exc
svc_dabt:
	mov	r0, #4
svc_exc:
	mov	r1, lr
	ldr	sp, =__svc_stack_top
	b	svc_exception

	.text
/* Semihosting: r0 = operation, r1 = argument. */
	.global	semihost
semihost:
	svc	0x123456
	bx	lr

/* Drop from Hyp to SVC (A, I, F masked) at fn(arg), with the given SVC stack. */
	.global	enter_svc
enter_svc:
	msr	SP_svc, r2
	msr	ELR_hyp, r0
	mov	r3, #0x1d3
	msr	spsr_cxsf, r3	@ SPSR_hyp: the banked form is Monitor-only
	mov	r0, r1
	eret

/* An HVC from SVC, as kvm_call_hyp/__hyp_set_vectors issue it: r0-r3 in, r0 out. */
	.global	hvc_call
hvc_call:
	push	{r4-r11, lr}
	hvc	#0
	pop	{r4-r11, lr}
	bx	lr

/* SVC entry for run N: a fresh SVC stack each time (the previous run never returns). */
	.global	svc_start
svc_start:
	ldr	sp, =__svc_stack_top
	b	svc_entry

/* Called in Hyp through the engine's __kvm_hyp_vector (kvm_call_hyp(fn, run, reset)):
   r0 = run, r1 = reset; r2 = SP_hyp at entry, after the handler's own pushes. */
	.global	hyp_dump_entry
hyp_dump_entry:
	mov	r2, sp
	cmp	r1, #0
	bne	1f
	b	hyp_dump
1:	ldr	sp, =__hyp_stack_top	@ leaving the engine's stack: the MMU goes off next
	b	hyp_next_run

	.global	read_httbr
read_httbr:
	mrrc	p15, 4, r0, r1, c2
	bx	lr
	.global	write_httbr
write_httbr:
	mcrr	p15, 4, r0, r1, c2
	isb
	bx	lr
	.global	write_htcr
write_htcr:
	mcr	p15, 4, r0, c2, c0, 2
	isb
	bx	lr
	.global	write_vtcr
write_vtcr:
	mcr	p15, 4, r0, c2, c1, 2
	isb
	bx	lr
	.global	write_hmair0
write_hmair0:
	mcr	p15, 4, r0, c10, c2, 0
	bx	lr
	.global	write_hmair1
write_hmair1:
	mcr	p15, 4, r0, c10, c2, 1
	bx	lr
	.global	read_hsctlr
read_hsctlr:
	mrc	p15, 4, r0, c1, c0, 0
	bx	lr
	.global	write_hsctlr
write_hsctlr:
	dsb
	mcr	p15, 4, r0, c1, c0, 0
	isb
	bx	lr
	.global	read_hvbar
read_hvbar:
	mrc	p15, 4, r0, c12, c0, 0
	bx	lr
	.global	write_hvbar
write_hvbar:
	mcr	p15, 4, r0, c12, c0, 0
	isb
	bx	lr
	.global	write_hyp_traps
write_hyp_traps:	@ HCR, HCPTR, HSTR = 0, as the hyp stub leaves them
	mov	r0, #0
	mcr	p15, 4, r0, c1, c1, 0
	mcr	p15, 4, r0, c1, c1, 2
	mcr	p15, 4, r0, c1, c1, 3
	isb
	bx	lr
	.global	tlbiallh
tlbiallh:
	dsb
	mcr	p15, 4, r0, c8, c7, 0
	dsb
	isb
	bx	lr
/* ATS1HR: stage-1 Hyp translation of a read at VA r0; returns the 64-bit PAR in r0:r1. */
	.global	ats1hr
ats1hr:
	mcr	p15, 4, r0, c7, c8, 0
	isb
	mrrc	p15, 0, r0, r1, c7
	bx	lr
	.global	write_sctlr
write_sctlr:
	mcr	p15, 0, r0, c1, c0, 0
	isb
	bx	lr
	.global	write_ttbcr
write_ttbcr:
	mcr	p15, 0, r0, c2, c0, 2
	isb
	bx	lr
	.global	write_mair0
write_mair0:
	mcr	p15, 0, r0, c10, c2, 0
	bx	lr
	.global	write_mair1
write_mair1:
	mcr	p15, 0, r0, c10, c2, 1
	bx	lr
	.global	write_vbar
write_vbar:
	mcr	p15, 0, r0, c12, c0, 0
	isb
	bx	lr
	.global	read_dfar
read_dfar:
	mrc	p15, 0, r0, c6, c0, 0
	bx	lr
	.global	read_ifar
read_ifar:
	mrc	p15, 0, r0, c6, c0, 2
	bx	lr
	.global	read_dfsr
read_dfsr:
	mrc	p15, 0, r0, c5, c0, 0
	bx	lr
	.global	read_ifsr
read_ifsr:
	mrc	p15, 0, r0, c5, c0, 1
	bx	lr
	.global	read_hsr
read_hsr:
	mrc	p15, 4, r0, c5, c2, 0
	bx	lr
