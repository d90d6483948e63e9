import { describeDescriptor, type Level } from '../../engine/arch/lpae';
import { descriptor } from '../../engine/arch/types';
import { desc64, entryLabel, ghex, groupHexInText } from '../model/format';
import './descriptorTip.css';

/** The decoded bits of one descriptor: field, bits, value, meaning (UI.md). */
export function DescriptorTip({
  level,
  index,
  descAddr,
  desc,
  descAtPoc,
  id,
}: {
  level: Level;
  index: number;
  descAddr: number;
  desc: bigint;
  descAtPoc?: bigint;
  id?: string;
}) {
  const rows = describeDescriptor(descriptor(desc), level);
  return (
    <div className="desc-tip" role="tooltip" id={id}>
      <p className="mono">
        {entryLabel(level, index)} @ {ghex(descAddr)} = {desc64(desc)}
      </p>
      {descAtPoc !== undefined && descAtPoc !== desc && (
        <p className="warn">
          Not yet cleaned to the PoC: a walker with caches off reads {desc64(descAtPoc)}.
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">field</th>
            <th scope="col">bits</th>
            <th scope="col">value</th>
            <th scope="col">meaning</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.field + r.bits}>
              <td>{r.field}</td>
              <td className="mono">{r.bits}</td>
              <td className="mono">{groupHexInText(r.value)}</td>
              <td>{r.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
