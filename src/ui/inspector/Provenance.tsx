// Where a node came from: the nodes a pass made it from, the original model's nodes behind those,
// and, for Kiln's own ops, the body of the model-local function that defines them.
import { indexGraph } from '../../ir/graph.ts';
import type { Model, Node } from '../../ir/types.ts';
import { FUSED_DOMAINS } from '../../passes/metrics/index.ts';
import { currentOrigins } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';
import { FunctionBody } from './FunctionBody.tsx';

export function Provenance({ model, node }: { model: Model; node: Node }) {
  const origins = useKiln(currentOrigins)?.get(node.id) ?? [node.id];
  const select = useKiln((s) => s.select);
  const made = node.provenance ?? [];
  const here = indexGraph(model.graph).nodeById;
  const fn = model.functions.find((f) => f.name === node.opType && f.domain === node.domain);
  const link = (id: string) =>
    here.has(id) ? (
      <button key={id} type="button" className="link mono" onClick={() => select([id], { focus: true })}>{id}</button>
    ) : (
      <span key={id} className="mono muted" title="not in the shown model">{id}</span>
    );
  const fromFile = made.length === 0 && origins.length === 1 && origins[0] === node.id;
  return (
    <section className="inspector__section" data-testid="provenance" data-origins={origins.join(' ')}>
      <h3>Provenance</h3>
      {fromFile ? (
        <p className="muted">From the model as opened; no pass rewrote it.</p>
      ) : (
        <dl className="provenance">
          {made.length > 0 && (
            <>
              <dt>Made from</dt>
              <dd>{made.map(link)}</dd>
            </>
          )}
          <dt>Original nodes</dt>
          <dd data-testid="origin-nodes">{origins.map(link)}</dd>
        </dl>
      )}
      {node.domain === 'com.microsoft' && <p className="muted">An onnxruntime contrib op (com.microsoft): onnxruntime runs it as one fused kernel.</p>}
      {fn && <FunctionBody fn={fn} />}
      {!fn && FUSED_DOMAINS.has(node.domain) && node.domain !== 'com.microsoft' && <p className="muted">No model-local function defines this op.</p>}
    </section>
  );
}
