// Inputs or outputs of a node: name, dtype and shape (symbolic dims by name).
import { formatType } from '../format/values.ts';
import type { ValueRow } from './node-facts.ts';

const ROLE_NOTE: Record<ValueRow['role'], string | undefined> = {
  value: undefined,
  initializer: 'weight',
  constant: 'constant',
  omitted: undefined,
};

export function ValueTable({ title, rows, testId }: { title: string; rows: readonly ValueRow[]; testId: string }) {
  if (rows.length === 0) return null;
  return (
    <section className="inspector__section">
      <h3>{title}</h3>
      <table className="kv" data-testid={testId}>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${i}:${r.name}`}>
              <th title={r.name}>{r.role === 'omitted' ? <em>omitted</em> : r.name}</th>
              <td>
                {r.role !== 'omitted' && <span className="mono">{formatType(r.type)}</span>}
                {ROLE_NOTE[r.role] && <span className="tag">{ROLE_NOTE[r.role]}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
