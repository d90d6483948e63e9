import { groupedHex } from '../engine/arch/hex';
import { TRAMPOLINE_VA } from '../engine/arch/lpae';
import { describeAttrs, mappedPages } from '../engine/inspect/ptdump';
import type { MachineState, Trace } from '../engine/trace/types';

interface Props {
  trace: Trace;
  state: MachineState;
  name: 'boot' | 'runtime';
  pgd: number | null;
}

/** One PGD as a table: one row per mapped page, with the path of indices and the descriptor. */
export function PgdTable({ trace, state, name, pgd }: Props) {
  const pages = pgd === null ? [] : mappedPages(trace.world, state.version, pgd, 'coherent', 64);
  return (
    <section className={`pgd pgd-${name}`} aria-labelledby={`pgd-${name}-title`}>
      <h2 id={`pgd-${name}-title`}>
        {name === 'boot' ? 'Boot PGD' : 'Runtime PGD'}{' '}
        <span className="mono">{pgd === null ? 'not allocated' : groupedHex(pgd)}</span>
      </h2>
      <table>
        <thead>
          <tr>
            <th scope="col">VA</th>
            <th scope="col">L1</th>
            <th scope="col">L2</th>
            <th scope="col">L3</th>
            <th scope="col">PA</th>
            <th scope="col">descriptor</th>
            <th scope="col">attributes</th>
          </tr>
        </thead>
        <tbody>
          {pages.map((p) => (
            <tr key={p.va} className={p.va === TRAMPOLINE_VA ? 'trampoline' : undefined}>
              <td className="mono">
                {groupedHex(p.va)}
                {p.va === TRAMPOLINE_VA ? ' (trampoline)' : ''}
              </td>
              {p.path.map((l) => (
                <td key={l.level} className="mono">
                  {l.index}
                </td>
              ))}
              <td className="mono">{groupedHex(p.pa)}</td>
              <td className="mono">{groupedHex(p.desc, 16)}</td>
              <td>{describeAttrs(p.desc)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
