import { listing } from './listing';

/*
 * hypstep's own paraphrase of the C side of HYP init (Linux v3.10 and, for the single-step
 * design, v3.9), written from hyp-init-facts.md §2-§5. Not the kernel's text.
 */

export const KVM_MMU_INIT = listing(
  'kvm_mmu_init',
  'arch/arm/kvm/mmu.c',
  'kvm_mmu_init',
  `
kvm_mmu_init():
symbols|  idmap_start  = PA of __hyp_idmap_text_start
  idmap_end    = PA of __hyp_idmap_text_end
  idmap_vector = PA of __kvm_hyp_init          /* the init vector table */
crosses|  if ((idmap_start ^ idmap_end) & PAGE_MASK) {  /* code crosses a page? */
bounce-alloc|    bounce = kmalloc(PAGE_SIZE)             /* fails: "Couldn't allocate HYP init bounce page" */
bounce-copy|    memcpy(bounce, __hyp_idmap_text_start, len)
bounce-clean|    flush_dcache_to_poc(bounce, len)       /* HYP fetches it with caches off */
bounce-relocate|    idmap_vector += PA(bounce) - idmap_start; idmap_start = PA(bounce); idmap_end = idmap_start + len
  }
alloc-hyp-pgd|  hyp_pgd      = kzalloc(4 * sizeof(pgd_t))      /* runtime tables */
alloc-boot-pgd|  boot_hyp_pgd = kzalloc(4 * sizeof(pgd_t))      /* boot tables */
pgd-check|  if (!hyp_pgd || !boot_hyp_pgd) { "Hyp mode PGD not allocated"; err = -ENOMEM; goto out }
map-idmap|  map [idmap_start, idmap_end) at VA == PA in boot_hyp_pgd, PAGE_HYP
map-boot-tramp|  map TRAMPOLINE_VA -> page of idmap_start in boot_hyp_pgd, PAGE_HYP
map-runtime-tramp|  map TRAMPOLINE_VA -> page of idmap_start in hyp_pgd, PAGE_HYP
done|  return 0
out|out: free_hyp_pgds(); return err
`,
);

export const CREATE_HYP_MAPPINGS = listing(
  'create_hyp_mappings',
  'arch/arm/kvm/mmu.c',
  '__create_hyp_mappings',
  `
__create_hyp_mappings(pgd, start, end, pfn, prot):   /* under kvm_hyp_pgd_mutex */
  for each 1 GiB slot of [start, end):
pud-empty|    if (L1 entry empty or bad) {
pmd-alloc|      l2 = pmd_alloc_one()                    /* zeroed page; fails: "Cannot allocate Hyp pmd" */
pud-populate|      L1 entry = PA(l2) | 3; get_page(page holding the L1 entry)
pud-clean|      flush_dcache_to_poc(L1 entry, 8)        /* added by the dual-step patch */
    }
    for each 2 MiB block of the slot:               /* create_hyp_pmd_mappings */
pmd-empty|      if (L2 entry empty) {
pte-alloc|        l3 = pte_alloc_one_kernel()           /* zeroed page; fails: "Cannot allocate Hyp pte" */
pmd-populate|        L2 entry = PA(l3) | 3; get_page(l2 page)
pmd-clean|        flush_dcache_to_poc(L2 entry, 8)      /* added by the dual-step patch */
      }
      for each 4 KiB page:                          /* create_hyp_pte_mappings */
set-pte|        kvm_set_pte(L3 entry, pfn << 12 | prot); get_page(l3 page)
pte-clean|        flush_dcache_to_poc(L3 entry, 8)      /* added by the dual-step patch */
        pfn++
`,
);

export const UNMAP_RANGE = listing(
  'unmap_range',
  'arch/arm/kvm/mmu.c',
  'unmap_range',
  `
unmap_range(kvm = NULL, pgd, start, size):       /* 64-bit addresses */
  while (addr < end) {
skip-pud|    if (L1 entry empty) { addr += 1 GiB; continue }
skip-pmd|    if (L2 entry empty) { addr += 2 MiB; continue }
clear-pte|    if (L3 entry present) { L3 entry = 0; put_page(l3 page) }   /* no HYP TLB flush: kvm is NULL */
clear-pmd|    if (l3 page count == 1) { L2 entry = 0; free l3; put_page(l2 page)
clear-pud|      if (l2 page count == 1) { L1 entry = 0; free l2; put_page(page holding L1) } }
    addr += the size of what was cleared
  }
`,
);

export const FREE_HYP_PGDS = listing(
  'free_hyp_pgds',
  'arch/arm/kvm/mmu.c',
  'free_boot_hyp_pgd / free_hyp_pgds',
  `
free_boot_hyp_pgd():                              /* under kvm_hyp_pgd_mutex */
boot-unmap-idmap|  if (boot_hyp_pgd) { unmap_range(boot_hyp_pgd, idmap_start, PAGE_SIZE)
boot-unmap-tramp|                     unmap_range(boot_hyp_pgd, TRAMPOLINE_VA, PAGE_SIZE)
boot-free|                     kfree(boot_hyp_pgd); boot_hyp_pgd = NULL }
runtime-unmap-tramp|  if (hyp_pgd) unmap_range(hyp_pgd, TRAMPOLINE_VA, PAGE_SIZE)
bounce-free|  kfree(init_bounce_page); init_bounce_page = NULL

free_hyp_pgds():
call-boot|  free_boot_hyp_pgd()
lowmem|  if (hyp_pgd) { for (addr = PAGE_OFFSET; lowmem addr; addr += 1 GiB) unmap_range(hyp_pgd, addr, 1 GiB)
vmalloc|                 for (addr = VMALLOC_START; vmalloc addr; addr += 1 GiB) unmap_range(hyp_pgd, addr, 1 GiB)
hyp-free|                 kfree(hyp_pgd); hyp_pgd = NULL }
`,
);

export const INIT_HYP_MODE = listing(
  'init_hyp_mode',
  'arch/arm/kvm/arm.c',
  'init_hyp_mode',
  `
init_hyp_mode():
mmu-init|  err = kvm_mmu_init(); if (err) goto out_err
get-vectors|  hyp_default_vectors = __hyp_get_vectors()      /* HVC to the stub with r0 = -1 */
stacks|  for each possible cpu: stack page = __get_free_page(GFP_KERNEL)
map-code|  create_hyp_mappings(__kvm_hyp_code_start, __kvm_hyp_code_end)   /* "Cannot map world-switch code" */
map-stacks|  for each possible cpu: create_hyp_mappings(stack, stack + PAGE_SIZE)
map-host|  kvm_host_cpu_state = alloc_percpu(kvm_cpu_context_t); map each cpu's copy
map-lowmem|  (hypstep stress only: map every lowmem page; v3.10 does not do this)
on-each-cpu|  on_each_cpu(cpu_init_hyp_mode, NULL, 1)       /* other CPUs first, then this one */
vgic|  kvm_vgic_hyp_init(): ioremap GICH; create_hyp_io_mappings(.., PAGE_HYP_DEVICE)
timer|  kvm_timer_hyp_init()                          /* no HYP mapping */
free-boot|  #ifndef CONFIG_HOTPLUG_CPU: free_boot_hyp_pgd()
ok|  "Hyp mode initialized successfully"
out-err|out_err: kvm_err("error initializing Hyp mode: %d", err)   /* kvm_mmu_init freed its own tables */
`,
);

export const CPU_INIT_HYP_MODE = listing(
  'cpu_init_hyp_mode',
  'arch/arm/kvm/arm.c',
  'cpu_init_hyp_mode',
  `
cpu_init_hyp_mode():
set-vectors|  __hyp_set_vectors(kvm_get_idmap_vector())    /* stub: HVBAR = PA of the init vectors */
args|  boot_pgd_ptr = PA(boot_hyp_pgd); pgd_ptr = PA(hyp_pgd)
  hyp_stack_ptr = this cpu's stack page + PAGE_SIZE; vector_ptr = __kvm_hyp_vector
call-1|  kvm_call_hyp(NULL, 0, boot_pgd_ptr)             /* r0=0 r1=0 r2:r3=boot PGD -> phase 1 */
call-2|  kvm_call_hyp(hyp_stack_ptr, vector_ptr, pgd_ptr) /* r0=stack r1=vectors r2:r3=runtime PGD -> phase 2 */
`,
);

export const HOTPLUG = listing(
  'hyp_init_cpu_notify',
  'arch/arm/kvm/arm.c',
  'hyp_init_cpu_notify',
  `
cpu-down|(cpu goes offline: its HYP state is lost; firmware brings it back through the hyp stub)
stub|(secondary_startup: __hyp_stub_install_secondary runs in HYP, then drops to SVC)
notify|hyp_init_cpu_notify(CPU_STARTING): cpu_init_hyp_mode(NULL)   /* on the incoming CPU */
no-notify|(v3.9: no KVM CPU notifier: the incoming CPU keeps the hyp stub's vectors, HYP MMU off)
`,
);

export const RUNTIME_CALL = listing(
  'runtime_call',
  'arch/arm/kvm/arm.c',
  'a first HYP call',
  `
flush|kvm_call_hyp(__kvm_flush_vm_context)      /* as when the first VM's VMID is set up */
probe|hypstep probe: kvm_call_hyp(hypstep_probe, va)   /* HYP loads one word at va */
`,
);

/* ---- the single-step design, Linux v3.9 ---- */

export const HYP_IDMAP_SETUP_V39 = listing(
  'hyp_idmap_setup_v39',
  'arch/arm/mm/idmap.c (v3.9)',
  'hyp_idmap_setup',
  `
init_static_idmap():                            /* early_initcall, long before KVM */
alloc-hyp-pgd|  hyp_pgd = kzalloc(4 * sizeof(pgd_t))        /* ONE HYP table for everything */
  identity_mapping_add(hyp_pgd, __hyp_idmap_text_start, __hyp_idmap_text_end, PMD_SECT_AP1):
pmd-alloc|    if (L1 entry empty) { l2 = pmd_alloc_one(); L1 entry = PA(l2) | 3 }   /* no get_page */
section|    for each 2 MiB: L2 entry = (addr & PMD_MASK) | SECT | AP1 | AF         /* a block, AttrIndx 0 */
louis|  flush_cache_louis()                            /* to the inner-shareable PoU, not the PoC */
`,
);

export const KVM_MMU_INIT_V39 = listing(
  'kvm_mmu_init_v39',
  'arch/arm/kvm/mmu.c (v3.9)',
  'kvm_mmu_init',
  `
kvm_mmu_init():                                 /* before the dual-step patch */
check|  if (!hyp_pgd) { "Hyp mode PGD not allocated"; return -ENOMEM }   /* built by idmap.c */
done|  return 0
`,
);

export const INIT_HYP_MODE_V39 = listing(
  'init_hyp_mode_v39',
  'arch/arm/kvm/arm.c (v3.9)',
  'init_hyp_mode',
  `
init_hyp_mode():
mmu-init|  err = kvm_mmu_init()
get-vectors|  hyp_default_vectors = __hyp_get_vectors()
stacks|  for each possible cpu: stack page = __get_free_page(GFP_KERNEL)
per-cpu|  for each online cpu: cpu_init_hyp_mode(PA of __kvm_hyp_init)   /* stack and code not mapped yet */
clear-idmap|  kvm_clear_hyp_idmap()                         /* from PL1: no HYP TLB maintenance possible */
map-code|  create_hyp_mappings(__kvm_hyp_code_start, __kvm_hyp_code_end)
map-stacks|  for each possible cpu: create_hyp_mappings(stack, stack + PAGE_SIZE)
map-host|  host VFP state = alloc_percpu(...); map each cpu's copy
map-lowmem|  (hypstep stress only: map every lowmem page; v3.9 does not do this)
vgic|  kvm_vgic_hyp_init()
ok|  "Hyp mode initialized successfully"
`,
);

export const CPU_INIT_HYP_MODE_V39 = listing(
  'cpu_init_hyp_mode_v39',
  'arch/arm/kvm/arm.c (v3.9)',
  'cpu_init_hyp_mode',
  `
cpu_init_hyp_mode(vector):
set-vectors|  __hyp_set_vectors(vector)                     /* stub: HVBAR = PA of the init vectors */
args|  pgd_ptr = PA(hyp_pgd); hyp_stack_ptr = stack page + PAGE_SIZE; vector_ptr = __kvm_hyp_vector
call|  kvm_call_hyp(pgd_low, pgd_high, hyp_stack_ptr, vector_ptr)   /* one call: MMU on and go */
`,
);

export const CLEAR_HYP_IDMAP = listing(
  'kvm_clear_hyp_idmap',
  'arch/arm/kvm/mmu.c (v3.9)',
  'kvm_clear_hyp_idmap',
  `
kvm_clear_hyp_idmap():                          /* removed by the dual-step patch */
  for each 1 GiB slot the idmap covers in hyp_pgd:
clear-pud|    L1 entry = 0; clean_pmd_entry(L2 entry)      /* drops the whole 1 GiB of HYP VA */
free-pmd|    pmd_free(L2 table)                          /* the idmap is a block: no L3 table below */
`,
);
