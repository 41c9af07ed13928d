// What the inspector shows with nothing selected: the graph's inputs, outputs and op mix.
import { opHistogram, runtimeInputs } from '../../ir/graph.ts';
import type { Model } from '../../ir/types.ts';
import { modelFacts } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';
import { ValueTable } from './ValueTable.tsx';

export function ModelSummary({ model }: { model: Model }) {
  const { inference, diagnostics } = modelFacts(model);
  const select = useKiln((s) => s.select);
  const typeOf = (name: string) => inference.types.get(name);
  const ops = Object.entries(opHistogram(model.graph)).sort((a, b) => b[1] - a[1]);
  const opsets = model.opsetImports.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ');
  return (
    <div data-testid="model-summary">
      <header className="inspector__header">
        <div className="inspector__op">{model.graph.name || 'graph'}</div>
        <div className="inspector__sub">{opsets}{model.producerName && ` · from ${model.producerName} ${model.producerVersion}`}</div>
        <p className="inspector__summary muted">Click a node to inspect it.</p>
      </header>
      {diagnostics.length > 0 && (
        <section className="inspector__section">
          <h3>Diagnostics ({diagnostics.length})</h3>
          <ul className="diagnostics" data-testid="model-diagnostics">
            {diagnostics.slice(0, 100).map((d, i) => (
              <li key={i} className={`diagnostic diagnostic--${d.severity}`}>
                {d.nodeId ? (
                  <button type="button" className="link" onClick={() => select([d.nodeId!], { focus: true })}>{d.message}</button>
                ) : (
                  d.message
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <ValueTable title="Graph inputs" rows={runtimeInputs(model.graph).map((v) => ({ name: v.name, type: typeOf(v.name) ?? v.type, role: 'value' }))} testId="graph-inputs" />
      <ValueTable title="Graph outputs" rows={model.graph.outputs.map((v) => ({ name: v.name, type: typeOf(v.name) ?? v.type, role: 'value' }))} testId="graph-outputs" />
      <section className="inspector__section">
        <h3>Operators</h3>
        <table className="kv">
          <tbody>
            {ops.map(([op, n]) => (
              <tr key={op}>
                <th>{op}</th>
                <td className="num">{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
