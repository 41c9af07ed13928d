// A Kiln-only op's definition: the model-local function whose body, in standard ops, is what any
// other runtime executes.
import { qualifiedOpType } from '../../ir/graph.ts';
import type { FunctionDef } from '../../ir/types.ts';
import { plural } from '../format/values.ts';

export function FunctionBody({ fn }: { fn: FunctionDef }) {
  return (
    <div className="function-body" data-testid="function-body">
      <p>
        Defined by the model-local function <span className="mono">{qualifiedOpType({ domain: fn.domain, opType: fn.name })}</span> ({fn.inputs.join(', ')}) → ({fn.outputs.join(', ')}):{' '}
        {plural(fn.nodes.length, 'node')} in standard ops, which other runtimes execute.
      </p>
      <ol className="function-body__nodes mono">
        {fn.nodes.slice(0, 24).map((n, i) => (
          <li key={i}>
            {n.outputs.filter(Boolean).join(', ')} = {qualifiedOpType(n)}({n.inputs.join(', ')})
          </li>
        ))}
        {fn.nodes.length > 24 && <li className="muted">… {fn.nodes.length - 24} more</li>}
      </ol>
    </div>
  );
}
