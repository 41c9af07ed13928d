// Legality: which nodes the WebGPU backend can lower, answered for the whole graph before anything
// runs. A node is legal when it folds at compile time, or its op has a definition whose check
// passes, whose compile-time inputs are constants, and whose dtype signature accepts the node's
// dtypes in a form the GPU can hold (gpu-dtype.ts). Nodes fed by an illegal node are judged on
// their own merits, so the list names causes, not their knock-on effects.
import { InputError } from '../ir/errors.ts';
import type { Model, Node } from '../ir/types.ts';
import type { AdapterProfile } from './adapter-profile.ts';
import { judgeBranches, type BranchLegality, type PlacedProblem } from './branch-legality.ts';
import type { ModelFacts } from './analyze.ts';
import { concatSlices, wantsConcatInPlace } from './concat-in-place.ts';
import { constantValue, isTensor } from './constants.ts';
import { int64OutOfRange } from './gpu-convert.ts';
import { gpuDtype, isGpuDtype } from './gpu-dtype.ts';
import type { DtypeSignature, OpDef } from './op-def.ts';
import { opDefOf } from './ops.ts';
import type { UnsupportedNode } from './types.ts';

/** Type variable of the i-th input (or output) under the variadic rule: the last one repeats. */
function typeVar(list: readonly string[], i: number): string | undefined {
  return list[Math.min(i, list.length - 1)];
}

function dtypeProblem(node: Node, def: OpDef, facts: ModelFacts, profile: AdapterProfile): string | undefined {
  const sig: DtypeSignature | undefined = def.dtypes;
  const bound = new Map<string, string>();
  const check = (value: string, role: 'input' | 'output', i: number): string | undefined => {
    const dtype = facts.dtypeOf(value);
    if (!dtype) return undefined; // unknown to inference: lowering reports it if it matters
    const gpu = gpuDtype(dtype, profile);
    if (!isGpuDtype(gpu)) return `${role} '${value}' is ${dtype}: ${gpu.reason}`;
    if (!sig) return undefined;
    const name = typeVar(role === 'input' ? sig.inputs : sig.outputs, i);
    const allowed = name ? sig.types[name] : undefined;
    if (!name || !allowed) return `${node.opType} has no ${role} ${i}`;
    if (!allowed.includes(dtype)) return `${role} '${value}' is ${dtype}; ${node.opType} takes ${allowed.join(', ')}`;
    const seen = bound.get(name);
    if (seen && seen !== dtype) return `${role} '${value}' is ${dtype} where ${node.opType} needs the same dtype as its other ${seen} operands`;
    bound.set(name, dtype);
    return undefined;
  };
  for (const [i, name] of node.inputs.entries()) {
    if (!name || def.cpuInputs?.includes(i)) continue;
    const problem = check(name, 'input', i);
    if (problem) return problem;
    const constant = facts.constants.get(name);
    if (constant?.dtype === 'int64' && constant.data.kind === 'raw') {
      const bad = int64OutOfRange(constant);
      if (bad) return `constant '${name}' holds ${bad.value} at element ${bad.index}, outside int32 (int64 runs as int32 on the GPU)`;
    }
  }
  for (const [j, name] of node.outputs.entries()) {
    const problem = name ? check(name, 'output', j) : undefined;
    if (problem) return problem;
  }
  return undefined;
}

function opProblem(node: Node, def: OpDef, facts: ModelFacts, profile: AdapterProfile): string | undefined {
  const own = def.check?.(node, facts.opset);
  if (own) return own;
  for (const i of def.cpuInputs ?? []) {
    const name = node.inputs[i];
    if (!name) continue;
    const constant = facts.constants.get(name);
    if (!constant) return `input '${name}' must be a constant (it is read at compile time)`;
    if (constant.dtype !== 'int64' && constant.dtype !== 'int32') return `input '${name}' must be int64`;
  }
  return dtypeProblem(node, def, facts, profile);
}

/** Why the node cannot be lowered, or undefined when it can. */
export function nodeProblem(node: Node, facts: ModelFacts, profile: AdapterProfile): string | undefined {
  const def = opDefOf(node);
  if (!def && node.domain !== '' && node.domain !== 'ai.onnx') return `${node.domain}.${node.opType} is not supported`;
  if (node.opType === 'Constant' && !def) {
    const v = constantValue(node);
    return isTensor(v) ? undefined : v.reason;
  }
  if (facts.folded.has(node.id)) return undefined;
  let declined: string | undefined;
  if (wantsConcatInPlace(node)) {
    const slices = concatSlices(node, concatFacts(facts, profile));
    if (!('reason' in slices)) return dtypeProblem(node, { kind: 'view' }, facts, profile);
    declined = slices.reason;
  }
  if (!def) return declined ? `Concat in place declined (${declined}) and Concat has no kernel` : `${node.opType} is not supported`;
  return opProblem(node, def, facts, profile);
}

export function concatFacts(facts: ModelFacts, profile: AdapterProfile) {
  return {
    staticDims: facts.staticDims,
    elementBytes: (value: string) => {
      const dtype = facts.dtypeOf(value);
      const gpu = dtype ? gpuDtype(dtype, profile) : undefined;
      return gpu && isGpuDtype(gpu) ? gpu.bytes : undefined;
    },
    isConstant: (value: string) => facts.constants.has(value),
    alignment: profile.limits.minStorageBufferOffsetAlignment,
  };
}

/** Why a node inside a run-time If branch cannot run for these shapes (shape inference's word on it). */
function branchNodeProblem(node: Node, facts: ModelFacts): string | undefined {
  if (facts.folded.has(node.id) || node.opType === 'Constant') return undefined;
  const error = facts.errors.get(node.id);
  if (error) return error;
  const unknown = node.inputs.find((i) => i && !facts.staticDims(i));
  return unknown ? `the shape of input '${unknown}' is not known at compile time` : undefined;
}

/**
 * Legality of the whole graph, If branches included (facts.order holds them, control-flow.ts; an
 * untaken constant branch is not there). Problems inside a run-time If branch disable that branch
 * instead of the model (branch-legality.ts).
 */
export function judgeModel(facts: ModelFacts, profile: AdapterProfile): BranchLegality {
  const found: PlacedProblem[] = [];
  for (const [nodeId, p] of facts.problems) {
    const node = facts.order.find((n) => n.id === nodeId);
    found.push({ problem: { nodeId, opType: node?.opType ?? 'If', reason: p.reason }, guards: p.guards });
  }
  for (const node of facts.order) {
    if (facts.problems.has(node.id)) continue;
    const guards = facts.guards.get(node.id) ?? [];
    const reason = nodeProblem(node, facts, profile) ?? (guards.length ? branchNodeProblem(node, facts) : undefined);
    if (reason) found.push({ problem: { nodeId: node.id, opType: node.opType, reason }, guards });
  }
  return judgeBranches(found, facts.runtimeIfs);
}

/** Every node that keeps the model from compiling, with the reason, in topological order. */
export function findUnsupportedNodes(_model: Model, facts: ModelFacts, profile: AdapterProfile): UnsupportedNode[] {
  return [...judgeModel(facts, profile).unsupported];
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
