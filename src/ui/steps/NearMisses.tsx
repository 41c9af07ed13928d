// "Why wasn't this fused?": each rule that looked at a node and declined, with its reason.
import type { NearMiss } from '../../passes/pass.ts';
import { plural } from '../format/values.ts';
import { useKiln } from '../store/store.ts';

export function NearMisses({ nearMisses }: { nearMisses: readonly NearMiss[] }) {
  const select = useKiln((s) => s.select);
  if (nearMisses.length === 0) return null;
  return (
    <>
      <h3>{plural(nearMisses.length, 'near miss', 'near misses')}</h3>
      <ul className="near-misses" data-testid="near-misses">
        {nearMisses.map((m, i) => (
          <li key={i}>
            <button type="button" className="explanation" disabled={!m.nodeId} data-node-id={m.nodeId} onClick={() => select([m.nodeId], { focus: true })}>
              <span className="explanation__rule mono">
                {m.rule} · {m.nodeId || m.value}
              </span>
              <span className="explanation__text">{m.reason}</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
