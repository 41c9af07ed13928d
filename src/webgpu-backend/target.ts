// Legality: which nodes the WebGPU backend can lower, answered for the whole graph before anything
// runs. Data flows in float32; integer tensors are legal only as constant shape/axes inputs,
// which are read on the CPU. Nodes fed by an illegal node are judged on their own merits, so the
// list names causes, not their knock-on effects.
import type { DType } from '../ir/dtype.ts';
import { InputError } from '../ir/errors.ts';
import { indexGraph, opsetVersion } from '../ir/graph.ts';
import type { Model, Node } from '../ir/types.ts';
import { constantValue, isTensor } from './constants.ts';
import { OPS } from './ops.ts';
import type { UnsupportedNode } from './types.ts';

const DEFAULT_OPSET = 1;

export function aiOnnxOpset(model: Model): number {
  return opsetVersion(model.opsetImports, '') ?? DEFAULT_OPSET;
}

/** Element types the graph's values will have, where they are known without running anything. */
function knownDtypes(model: Model): Map<string, DType> {
  const g = model.graph;
  const { declaredType } = indexGraph(g);
  const dtypes = new Map<string, DType>();
  for (const [name, type] of declaredType) if (type.kind === 'tensor') dtypes.set(name, type.dtype);
  for (const n of g.nodes) {
    const out = n.outputs[0];
    if (!out) continue;
    const def = OPS[n.opType];
    if (n.opType === 'Constant') {
      const v = constantValue(n);
      if (isTensor(v)) dtypes.set(out, v.dtype);
    } else if (def?.kind === 'kernel') dtypes.set(out, 'float32');
    else if (def?.kind === 'view') {
      const d = dtypes.get(n.inputs[0] ?? '');
      if (d) dtypes.set(out, d);
    }
  }
  return dtypes;
}

/** Values known at compile time: initializers and Constant outputs. */
function constantValues(model: Model): Set<string> {
  const names = new Set(model.graph.initializers.map((t) => t.name));
  for (const n of model.graph.nodes) if (n.opType === 'Constant' && n.outputs[0]) names.add(n.outputs[0]);
  return names;
}

function nodeProblem(node: Node, opset: number, dtypes: Map<string, DType>, constants: Set<string>): string | undefined {
  if (node.domain !== '' && node.domain !== 'ai.onnx') return `domain '${node.domain}' is not supported`;
  if (node.opType === 'Constant') {
    const v = constantValue(node);
    return isTensor(v) ? undefined : v.reason;
  }
  const def = OPS[node.opType];
  if (!def) return `${node.opType} is not supported`;
  if (node.outputs.filter((o) => o !== '').length !== 1) return `${node.opType} with ${node.outputs.length} outputs is not supported`;
  const own = def.check?.(node, opset);
  if (own) return own;
  for (const [i, name] of node.inputs.entries()) {
    if (!name) continue;
    const dtype = dtypes.get(name);
    if (def.cpuInputs?.includes(i)) {
      if (!constants.has(name)) return `input '${name}' must be a constant (it is read at compile time)`;
      if (dtype !== 'int64' && dtype !== 'int32') return `input '${name}' must be int64`;
    } else if (dtype !== undefined && dtype !== 'float32') {
      return `input '${name}' is ${dtype}; only float32 is supported`;
    }
  }
  return undefined;
}

/** Every node the backend cannot lower, with the reason, in graph order. */
export function findUnsupportedNodes(model: Model): UnsupportedNode[] {
  const opset = aiOnnxOpset(model);
  const dtypes = knownDtypes(model);
  const constants = constantValues(model);
  const found: UnsupportedNode[] = [];
  for (const node of model.graph.nodes) {
    const reason = nodeProblem(node, opset, dtypes, constants);
    if (reason) found.push({ nodeId: node.id, opType: node.opType, reason });
  }
  return found;
}

const LISTED = 8;

/** One line naming the unsupported nodes (reasons shown where they are not just the op). */
export function unsupportedError(nodes: readonly UnsupportedNode[]): InputError {
  const items = nodes.slice(0, LISTED).map((n) => {
    const plain = n.reason === `${n.opType} is not supported`;
    return plain ? `${n.opType} (${n.nodeId})` : `${n.opType} (${n.nodeId}: ${n.reason})`;
  });
  const more = nodes.length > LISTED ? `, and ${nodes.length - LISTED} more` : '';
  const noun = nodes.length === 1 ? 'node' : 'nodes';
  return new InputError(`Kiln's WebGPU backend cannot run ${nodes.length} ${noun}: ${items.join(', ')}${more}`, nodes[0]?.nodeId);
}
