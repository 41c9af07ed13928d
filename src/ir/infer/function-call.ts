// A call of a model-local function is inferred by inferring the function body with the call's
// input types and values, in a private scope, with the caller's attributes substituted. Known
// output values go back to the caller too: a fused shape computation (kiln.FusedElementwise over
// Size, say) still decides an If at compile time, as the ops it replaced did.
import type { Attribute, FunctionDef, Graph, Node, OpsetImport } from '../types.ts';
import type { KnownValue } from './known-value.ts';
import type { OutputTypes } from './rule.ts';
import { Scope } from './scope.ts';
import type { InferSession } from './session.ts';

/** Attributes of a body node with references (`alpha: float = @alpha`) replaced by the call's. */
function bindAttributes(body: Node, call: Node, fn: FunctionDef): Attribute[] {
  const out: Attribute[] = [];
  for (const a of body.attributes) {
    if (!a.refAttrName) {
      out.push(a);
      continue;
    }
    const given = call.attributes.find((c) => c.name === a.refAttrName) ?? fn.attributeDefaults.find((d) => d.name === a.refAttrName);
    if (given) out.push({ ...given, name: a.name, refAttrName: undefined } as Attribute);
  }
  return out;
}

function bodyGraph(fn: FunctionDef, call: Node): Graph {
  const needsBinding = fn.nodes.some((n) => n.attributes.some((a) => a.refAttrName));
  return {
    name: fn.name,
    nodes: needsBinding ? fn.nodes.map((n) => ({ ...n, attributes: bindAttributes(n, call, fn) })) : fn.nodes,
    inputs: fn.inputs.map((name) => ({ name })),
    outputs: fn.outputs.map((name) => ({ name })),
    valueInfo: fn.valueInfo,
    initializers: [],
  };
}

/** The function's opsets, with the model's filling domains the function does not name. */
function functionOpsets(fn: FunctionDef, modelOpsets: readonly OpsetImport[]): OpsetImport[] {
  const own = new Set(fn.opsetImports.map((o) => o.domain));
  return [...fn.opsetImports, ...modelOpsets.filter((o) => !own.has(o.domain))];
}

export interface CallOutputs {
  readonly types: OutputTypes;
  /** The outputs' values where the body computed them (shape arithmetic on known values). */
  readonly values: readonly (KnownValue | undefined)[];
}

export function inferFunctionCall(session: InferSession, fn: FunctionDef, call: Node, callerScope: Scope, modelOpsets: readonly OpsetImport[]): CallOutputs {
  const scope = new Scope();
  fn.inputs.forEach((name, k) => {
    const given = call.inputs[k];
    if (!given) return;
    scope.setType(name, callerScope.type(given));
    scope.setValue(name, callerScope.value(given));
  });
  const before = session.diagnostics.length;
  const outputs = session.inferGraph(bodyGraph(fn, call), scope, functionOpsets(fn, modelOpsets));
  // Body node ids mean nothing in the caller's graph: point what the body reported at the call.
  for (let i = before; i < session.diagnostics.length; i++) {
    const d = session.diagnostics[i]!;
    session.diagnostics[i] = { ...d, nodeId: call.id, message: `in function '${fn.name}' called by node '${call.id}': ${d.message}` };
  }
  return { types: outputs, values: fn.outputs.map((name) => scope.value(name)) };
}
