// Weights a node reads: shape, dtype, size, and summary statistics of the values.
import { useMemo } from 'react';
import { tensorByteLength, tensorStats } from '../../ir/tensor.ts';
import { formatBytes, formatDims, formatNumber } from '../format/values.ts';
import type { WeightFact } from './node-facts.ts';

function WeightItem({ weight }: { weight: WeightFact }) {
  const { tensor } = weight;
  const stats = useMemo(() => tensorStats(tensor), [tensor]);
  const external = tensor.data.kind === 'external';
  return (
    <li className="weight" data-testid="weight">
      <div className="weight__title">
        <span className="mono" title={weight.valueName}>{weight.valueName}</span>
        {weight.constantNodeId && <span className="tag">Constant</span>}
      </div>
      <div className="weight__meta mono">
        {tensor.dtype} ⟨{formatDims(tensor.dims)}⟩ · {external ? 'external data (not loaded)' : formatBytes(tensorByteLength(tensor))}
      </div>
      {stats && (
        <dl className="stats">
          <dt>min</dt><dd>{formatNumber(stats.min)}</dd>
          <dt>max</dt><dd>{formatNumber(stats.max)}</dd>
          <dt>mean</dt><dd>{formatNumber(stats.mean)}</dd>
          <dt>std</dt><dd>{formatNumber(stats.std)}</dd>
          <dt>zeros</dt><dd>{stats.zeros} / {stats.count}</dd>
          {stats.nonFinite > 0 && (<><dt>non-finite</dt><dd>{stats.nonFinite}</dd></>)}
        </dl>
      )}
    </li>
  );
}

export function WeightList({ weights }: { weights: readonly WeightFact[] }) {
  if (weights.length === 0) return null;
  return (
    <section className="inspector__section">
      <h3>Weights</h3>
      <ul className="weights">
        {weights.map((w) => (
          <WeightItem key={w.valueName} weight={w} />
        ))}
      </ul>
    </section>
  );
}
