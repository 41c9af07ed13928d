// to-fp16's sentences: what was converted (weights with bytes, ops), what stayed float32 and why,
// the Casts added, and what onnxruntime's CPU provider will actually compute in float16.
import { indexGraph } from '../../ir/graph.ts';
import { tensorByteLength } from '../../ir/tensor.ts';
import type { Graph, Node, Tensor, ValueType } from '../../ir/types.ts';
import type { Explanation } from '../pass.ts';
import { formatBytes, listOf } from '../support/describe.ts';
import type { Fp16Plan, KeepKind } from './fp16-plan.ts';
import { ORT_CPU_FLOAT16_OPS } from './fp16-ops.ts';

export interface Fp16Summary {
  readonly weights: { name: string; before: Tensor; after: Tensor; clamped: number; raised: number }[];
  readonly casts: { inputs: number; outputs: number; inner: number };
}

const KIND_WORDS: Readonly<Record<KeepKind, string>> = {
  'block-list': 'block list',
  subgraph: 'If/Loop/Scan',
  domain: 'non-ONNX domain',
  'out-of-range': 'constants beyond ±65504',
  'unknown-type': 'unknown types',
  'fixed-dtype': 'dtype fixed by attribute',
};

const label = (n: Node) => `${n.opType} ${n.id}`;
const plural = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;

export function explainFp16(g: Graph, plan: Fp16Plan, types: ReadonlyMap<string, ValueType>, s: Fp16Summary): Explanation[] {
  const { nodeById } = indexGraph(g);
  const computing = [...plan.converted].map((id) => nodeById.get(id)!).filter((n) => n.outputs.some((o) => o && types.get(o)?.kind === 'tensor' && (types.get(o) as { dtype: string }).dtype === 'float32'));
  const before = s.weights.reduce((a, w) => a + tensorByteLength(w.before), 0);
  const after = s.weights.reduce((a, w) => a + tensorByteLength(w.after), 0);
  const parts = [`converted ${plural(s.weights.length, 'weight')} (${formatBytes(before)} → ${formatBytes(after)}) and ${plural(computing.length, 'op')} to float16`];
  const byKind = new Map<KeepKind, Node[]>();
  for (const [id, k] of plan.kept) (byKind.get(k.kind) ?? byKind.set(k.kind, []).get(k.kind)!).push(nodeById.get(id)!);
  for (const [kind, nodes] of byKind) parts.push(`kept ${listOf(nodes.map(label), 3)} in float32 (${KIND_WORDS[kind]})`);
  const { inputs, outputs, inner } = s.casts;
  if (inputs + outputs + inner) parts.push(`added ${plural(inputs + outputs + inner, 'Cast')} (${inputs} at graph inputs, ${outputs} at graph outputs, ${inner} around float32 ops)`);
  const clamped = s.weights.reduce((a, w) => a + w.clamped, 0);
  const raised = s.weights.reduce((a, w) => a + w.raised, 0);
  if (clamped) parts.push(`clamped ${plural(clamped, 'constant value')} to ±65504`);
  if (raised) parts.push(`raised ${plural(raised, 'tiny constant value')} to ±2^-24 so they stay non-zero`);
  const explanations: Explanation[] = [{ rule: 'to-fp16/convert', message: parts.join('; '), matched: [...plan.converted], produced: [] }];

  const opTypes = [...new Set(computing.map((n) => n.opType))].sort();
  const native = opTypes.filter((t) => ORT_CPU_FLOAT16_OPS.has(t));
  const upcast = opTypes.filter((t) => !ORT_CPU_FLOAT16_OPS.has(t));
  if (upcast.length) {
    const has = native.length ? `has float16 kernels for ${native.length} of the ${opTypes.length} converted op types (${listOf(native, 4)})` : `has no float16 kernel for any of the ${opTypes.length} converted op types`;
    explanations.push({
      rule: 'to-fp16/onnxruntime-cpu',
      message: `onnxruntime's CPU provider ${has}; it computes ${listOf(upcast, 6)} in float32, casting their float16 inputs up itself, so on CPU the model saves weight memory but keeps float32 arithmetic`,
      matched: computing.filter((n) => !ORT_CPU_FLOAT16_OPS.has(n.opType)).map((n) => n.id),
      produced: [],
    });
  }
  return explanations;
}
