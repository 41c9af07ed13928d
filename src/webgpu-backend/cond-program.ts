// Run-time If conditions computed on the CPU. When an If's condition follows from the graph inputs
// through a few small nodes the CPU evaluator knows (Silero VAD: Equal(sr, 16000)), the executor
// evaluates those nodes from the input tensors the caller passed, before encoding anything: no GPU
// read-back, no second command buffer. Nodes that feed nothing but such conditions are dropped
// from the GPU plan. Other conditions are read back from the GPU (executor.ts).
import { canEvaluate, evaluateNode } from '../ir/eval/evaluate.ts';
import { numElements } from '../ir/tensor.ts';
import type { Node, Tensor } from '../ir/types.ts';
import type { FlatGraph } from './control-flow.ts';

/** Bigger inputs or intermediates than this are not worth a CPU pass on every run. */
const MAX_ELEMENTS = 1 << 16;
const MAX_NODES = 64;

export interface CondProgram {
  /** Nodes to evaluate, in order; the last value computed includes the condition. */
  readonly nodes: readonly Node[];
  /** Graph inputs the nodes read. */
  readonly inputs: readonly string[];
  readonly constants: ReadonlyMap<string, Tensor>;
}

/** The CPU program computing `cond` from graph inputs and constants, or undefined when there is none. */
export function condProgram(
  cond: string,
  flat: Pick<FlatGraph, 'order' | 'constants'>,
  graphInputs: ReadonlySet<string>,
  dimsOf: (value: string) => readonly number[] | undefined,
): CondProgram | undefined {
  const producer = new Map<string, Node>();
  const position = new Map<Node, number>();
  flat.order.forEach((n, i) => {
    position.set(n, i);
    for (const o of n.outputs) if (o) producer.set(o, n);
  });
  const nodes = new Set<Node>();
  const inputs = new Set<string>();
  const constants = new Map<string, Tensor>();
  const small = (value: string) => {
    const dims = dimsOf(value);
    return dims !== undefined && numElements(dims) <= MAX_ELEMENTS;
  };
  const pending = [cond];
  const seen = new Set<string>();
  while (pending.length) {
    const value = pending.pop()!;
    if (seen.has(value)) continue;
    seen.add(value);
    const known = flat.constants.get(value);
    if (known) {
      constants.set(value, known);
      continue;
    }
    if (graphInputs.has(value)) {
      if (!small(value)) return undefined;
      inputs.add(value);
      continue;
    }
    const node = producer.get(value);
    if (!node || !canEvaluate(node) || nodes.size >= MAX_NODES) return undefined;
    if (!node.outputs.every((o) => !o || small(o))) return undefined;
    nodes.add(node);
    pending.push(...node.inputs.filter((i) => i));
  }
  const ordered = [...nodes].sort((a, b) => position.get(a)! - position.get(b)!);
  return { nodes: ordered, inputs: [...inputs], constants };
}

/** Evaluates the program on the run's input tensors (by name) and returns the condition tensor. */
export function evaluateCondProgram(program: CondProgram, cond: string, inputs: ReadonlyMap<string, Tensor>, opset: number): Tensor {
  const env = new Map<string, Tensor>(program.constants);
  for (const name of program.inputs) {
    const t = inputs.get(name);
    if (!t) throw new Error(`the condition needs input '${name}'`);
    env.set(name, t);
  }
  for (const node of program.nodes) {
    const outputs = evaluateNode(node, node.inputs.map((i) => (i ? env.get(i) : undefined)), opset);
    node.outputs.forEach((o, k) => {
      const t = outputs[k];
      if (o && t) env.set(o, t);
    });
  }
  const value = env.get(cond);
  if (!value) throw new Error(`the condition '${cond}' was not computed`);
  return value;
}

/**
 * Ids of program nodes whose outputs nothing but CPU conditions reads: they need no kernel.
 * `gpuReads` are the values read on the GPU: graph outputs and conditions read back from the GPU.
 */
export function cpuOnlyNodes(order: readonly Node[], programs: readonly CondProgram[], gpuReads: Iterable<string>): Set<string> {
  const inPrograms = new Set(programs.flatMap((p) => p.nodes));
  const needed = new Set(gpuReads);
  for (const n of order) if (!inPrograms.has(n)) for (const i of n.inputs) if (i) needed.add(i);
  const dropped = new Set<string>();
  for (let k = order.length - 1; k >= 0; k--) {
    const n = order[k]!;
    if (!inPrograms.has(n)) continue;
    if (n.outputs.some((o) => o && needed.has(o))) n.inputs.forEach((i) => i && needed.add(i));
    else dropped.add(n.id);
  }
  return dropped;
}
