// Everything about one node: what it is, its attributes, values, weights and diagnostics.
import { useMemo } from 'react';
import { qualifiedOpType } from '../../ir/graph.ts';
import { lookupOp } from '../../ir/ops/registry.ts';
import { isFusedKernel } from '../../passes/metrics/index.ts';
import type { Model, Node } from '../../ir/types.ts';
import { formatAttribute } from '../format/attributes.ts';
import { modelFacts } from '../store/selectors.ts';
import { BackendFacts } from './BackendFacts.tsx';
import { nodeFacts } from './node-facts.ts';
import { Provenance } from './Provenance.tsx';
import { ValueTable } from './ValueTable.tsx';
import { WeightList } from './WeightList.tsx';

export function NodeDetails({ model, node }: { model: Model; node: Node }) {
  const { inference, diagnostics, unknown } = modelFacts(model);
  const facts = useMemo(() => nodeFacts(model.graph, node, inference.types), [model, node, inference]);
  const schema = lookupOp(node.domain, node.opType);
  const notes = diagnostics.filter((d) => d.nodeId === node.id);
  return (
    <div className="inspector__node" data-testid="node-details" data-node-id={node.id}>
      <header className="inspector__header">
        <div className="inspector__op">{qualifiedOpType(node)}</div>
        <div className="inspector__sub mono" title={node.id}>{node.name || <em>unnamed</em>}{node.name !== node.id && <> · id {node.id}</>}</div>
        <div className="inspector__sub">
          domain {node.domain || 'ai.onnx'}
          {schema ? ` · ${schema.category}` : ''}
          {unknown.has(node.id) && <span className="tag tag--warn">unsupported</span>}
          {isFusedKernel(node) && <span className="tag tag--fused">fused</span>}
        </div>
        {schema?.summary && <p className="inspector__summary">{schema.summary}</p>}
      </header>

      {notes.length > 0 && (
        <section className="inspector__section">
          <h3>Diagnostics</h3>
          <ul className="diagnostics" data-testid="node-diagnostics">
            {notes.map((d, i) => (
              <li key={i} className={`diagnostic diagnostic--${d.severity}`}>{d.message}</li>
            ))}
          </ul>
        </section>
      )}

      <section className="inspector__section">
        <h3>Attributes</h3>
        {node.attributes.length === 0 ? (
          <p className="muted">none</p>
        ) : (
          <table className="kv" data-testid="attributes">
            <tbody>
              {node.attributes.map((a) => (
                <tr key={a.name}>
                  <th>{a.name}</th>
                  <td className="mono">{formatAttribute(a)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <BackendFacts model={model} node={node} />
      <Provenance model={model} node={node} />
      <ValueTable title="Inputs" rows={facts.inputs} testId="inputs" />
      <ValueTable title="Outputs" rows={facts.outputs} testId="outputs" />
      <WeightList weights={facts.weights} />
    </div>
  );
}
