// eliminate-concat: a Concat whose inputs are each made by a node that nothing else reads can be
// skipped at run time: each producer writes its result straight into its slice of the Concat's
// output buffer (TensorRT's concat elimination). That is a memory-planning decision, so this pass
// only marks the Concat (node metadata kiln.concat_in_place = true, which export keeps and which
// changes nothing about what the model computes); the WebGPU backend's memory planner honours it.
// A slice is one contiguous block only when every output dim before the axis is 1; otherwise
// each row of the output interleaves all inputs and a producer's writes would be strided.
//
//   before: a = Relu (p);  b = Relu (q);  y = Concat <axis = 1> (a, b)            (y: float[1,128,55,55])
//   after:  the same nodes; Concat carries metadata kiln.concat_in_place = true:
//           Relu a writes channels [0:64) of y, Relu b writes [64:128)
import { attrInt } from '../../ir/attributes.ts';
import type { Node, Shape } from '../../ir/types.ts';
import { graphPass, type GraphScope } from '../cleanup/graph-pass.ts';
import { formatShape, listOf } from '../support/describe.ts';
import { isDefaultDomain } from '../support/constant-values.ts';

export const CONCAT_IN_PLACE = 'kiln.concat_in_place';
const RULE = 'eliminate-concat/in-place';
const label = (n: Node) => `${n.opType} ${n.id}`;

/** Why the Concat's inputs cannot be written in place, or undefined when they can. */
function blocker(n: Node, axis: number, shape: Shape | undefined, s: GraphScope): string | undefined {
  const seen = new Set<string>();
  for (const v of n.inputs) {
    if (seen.has(v)) return `it reads ${v} twice; one producer cannot write two slices`;
    seen.add(v);
    if (s.ctx.constant(v)) return `input ${v} is a constant; no node produces it at run time, so it would be copied anyway`;
    const p = s.ctx.producer(v);
    if (!p) return `input ${v} is a graph input (or a value of an enclosing graph), written by someone else`;
    const others = s.ctx.consumers(v).filter((r) => r !== n);
    if (others.length) return `input ${v} is also read by ${listOf(others.map(label), 2)}, so ${label(p)} must keep its own buffer`;
    if (s.ctx.isGraphOutput(v)) return `input ${v} is also a graph output, so ${label(p)} must keep its own buffer`;
  }
  if (axis === 0) return undefined;
  if (!shape) return `its output shape is unknown, so it cannot be shown that the dims before axis ${axis} are all 1`;
  const leading = shape.slice(0, axis);
  if (leading.every((d) => d === 1)) return undefined;
  return `axis ${axis} is not outermost-contiguous: the output dims before it, ${formatShape(leading)}, are not all 1, so each input's slice is strided (every row of the output interleaves all inputs) and a producer could not write it as one block`;
}

/** `Relu a → [0:64)` per input when the sizes along the axis are known, else the producers alone. */
function slices(n: Node, axis: number, s: GraphScope): string {
  let offset = 0;
  const parts: string[] = [];
  for (const v of n.inputs) {
    const size = s.ctx.shape(v)?.[axis];
    const p = label(s.ctx.producer(v)!);
    if (typeof size !== 'number' || offset < 0) {
      parts.push(p);
      offset = -1;
      continue;
    }
    parts.push(`${p} → [${offset}:${offset + size})`);
    offset += size;
  }
  return listOf(parts, 6);
}

function mark(s: GraphScope) {
  const marked = new Map<string, Node>();
  for (const n of s.graph.nodes) {
    if (n.opType !== 'Concat' || !isDefaultDomain(n) || n.inputs.length < 2) continue;
    if (n.metadata?.some((e) => e.key === CONCAT_IN_PLACE)) continue;
    const shape = s.ctx.shape(n.outputs[0]!);
    const given = attrInt(n, 'axis', 1);
    const axis = given < 0 && shape ? given + shape.length : given;
    const why = axis < 0 ? `negative axis ${given} with an unknown rank` : blocker(n, axis, shape, s);
    if (why) {
      s.miss(RULE, n.id, why);
      continue;
    }
    marked.set(n.id, { ...n, metadata: [...(n.metadata ?? []), { key: CONCAT_IN_PLACE, value: 'true' }] });
    const of = shape ? ` of ${formatShape(shape)}` : '';
    s.explain({ rule: RULE, message: `marked Concat ${n.id} for in-place writes: ${slices(n, axis, s)} along axis ${axis}${of}; each producer writes straight into its slice of ${n.outputs[0]}`, matched: [n.id], produced: [] });
  }
  if (!marked.size) return undefined;
  // Metadata is not an edit of the graph's structure, so the editor has no verb for it; the node
  // keeps its id and place, and the record lists it as changed ("rewired", the nearest kind).
  const graph = { ...s.graph, nodes: s.graph.nodes.map((n) => marked.get(n.id) ?? n) };
  return { graph, record: { removed: [], added: [], rewired: [...marked.keys()], initializersAdded: [], initializersRemoved: [] } };
}

export const eliminateConcat = graphPass(
  {
    id: 'eliminate-concat',
    title: 'Eliminate Concat copies (in-place concat)',
    description: 'Marks Concats whose inputs can be written by their producers straight into slices of the output buffer, so the backend skips the copy.',
  },
  mark,
);
