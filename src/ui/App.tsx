import { useMemo } from 'react';
import { DEFAULT_CONFIG } from '../engine/scenario/config';
import { simulate } from '../engine/simulate';
import { PgdTable } from './PgdTable';

/** First cut of the app: the default scenario's two PGDs after kvm_mmu_init and the runtime mappings. */
export function App() {
  const trace = useMemo(() => simulate(DEFAULT_CONFIG), []);
  const firstInit = trace.steps.find((s) => s.source.listing === 'cpu_init_hyp_mode');
  const state = firstInit ? trace.steps[firstInit.index - 2]!.state : trace.initial;
  return (
    <main className="app">
      <header>
        <h1>hypstep</h1>
        <p>
          ARM KVM dual-step HYP init (Linux v3.10): the two HYP page tables after kvm_mmu_init and
          the runtime mappings.
        </p>
      </header>
      <div className="pgds">
        <PgdTable trace={trace} state={state} name="boot" pgd={state.kernel.bootPgd} />
        <PgdTable trace={trace} state={state} name="runtime" pgd={state.kernel.hypPgd} />
      </div>
    </main>
  );
}
