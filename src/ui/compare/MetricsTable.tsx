// The compare table: per pipeline, what its result costs (estimates from inferred shapes) and how
// far its outputs moved from the original's (onnxruntime-web).
import { formatBytes, formatMs } from '../format/values.ts';
import { formatRelL2 } from '../steps/CheckBadge.tsx';
import type { CompareResult, ErrorCheck } from '../store/compare-slice.ts';
import { useKiln } from '../store/store.ts';

function ErrorCell({ error }: { error: ErrorCheck | undefined }) {
  const status = error?.status ?? 'running';
  return (
    <td className="num" data-testid="compare-error" data-status={status} data-rel-l2={error?.status === 'done' ? error.relL2 : undefined} title={error?.status === 'error' ? error.message : error?.status === 'done' ? error.problem : undefined}>
      {error?.status === 'done' ? formatRelL2(error.relL2) : error?.status === 'error' ? 'error' : 'checking…'}
    </td>
  );
}

function Row({ id, result }: { id: string; result: CompareResult | undefined }) {
  if (!result || result.status === 'running') {
    return (
      <tr data-testid="compare-row" data-preset={id} data-status="running">
        <th>{id}</th>
        <td colSpan={8} className="muted">running…</td>
      </tr>
    );
  }
  if (result.status === 'error') {
    return (
      <tr data-testid="compare-row" data-preset={id} data-status="error">
        <th>{id}</th>
        <td colSpan={8} className="panel__error">{result.message}</td>
      </tr>
    );
  }
  const m = result.entry.metrics;
  const lower = m.unsizedValues > 0 ? '≥ ' : '';
  const unsized = m.unsizedValues > 0 ? `${m.unsizedValues} values have no static shape and count 0 bytes` : undefined;
  return (
    <tr data-testid="compare-row" data-preset={id} data-status="done" data-nodes={m.nodes} data-fused={m.fusedKernels}>
      <th>{id}</th>
      <td className="num">{result.entry.steps}</td>
      <td className="num" data-testid="compare-nodes">
        {m.nodes} <span className="muted">({m.nodeDelta > 0 ? '+' : m.nodeDelta < 0 ? '−' : '±'}{Math.abs(m.nodeDelta)})</span>
      </td>
      <td className="num">{m.fusedKernels}</td>
      <td className="num">{formatBytes(m.weightBytes)}</td>
      <td className="num" title={unsized}>{lower}{formatBytes(m.memoryTrafficBytes)}</td>
      <td className="num" title={unsized}>{lower}{formatBytes(m.peakActivationBytes)}</td>
      <ErrorCell error={result.error} />
      <td className="num">{formatMs(result.entry.ms)}</td>
    </tr>
  );
}

export function MetricsTable() {
  const presets = useKiln((s) => s.compareRunFor?.presets ?? []);
  const results = useKiln((s) => s.compareResults);
  if (presets.length === 0) return null;
  return (
    <table className="compare-table" data-testid="compare-table">
      <thead>
        <tr>
          <th>Pipeline</th>
          <th className="num">Steps</th>
          <th className="num">Nodes</th>
          <th className="num" title="Nodes in com.microsoft or kiln domains, or made from two or more nodes">Fused kernels</th>
          <th className="num">Weights</th>
          <th className="num" title="Bytes read and written by every node, from inferred static shapes">Memory traffic</th>
          <th className="num" title="Largest sum of live activations over the topological order">Peak activations</th>
          <th className="num" title="Max rel L2 over outputs vs the original, onnxruntime-web, seeded inputs">Rel L2 vs original</th>
          <th className="num">Pipeline time</th>
        </tr>
      </thead>
      <tbody>
        {presets.map((id, i) => (
          <Row key={`${i}:${id}`} id={id} result={results[i]} />
        ))}
      </tbody>
    </table>
  );
}
