// Control flow: the bodies of If, Loop and Scan are inferred in place (outer values visible), and
// the node's outputs follow from the body outputs.
import { attrGraph, attrInt, attrInts } from '../../attributes.ts';
import type { Dim, Shape, ValueType } from '../../types.ts';
import { normalizeAxis } from '../dims.ts';
import { joinTypes } from '../merge-types.ts';
import { InferError, tensorType, type InferContext, type OutputTypes, type RuleTable } from '../rule.ts';

function shapeOf(t: ValueType | undefined): Shape | undefined {
  return t?.kind === 'tensor' ? t.shape : undefined;
}

/** A body's per-iteration output stacked along `axis` over `count` iterations. */
function stacked(t: ValueType | undefined, count: Dim, axis = 0): ValueType | undefined {
  if (t?.kind !== 'tensor') return undefined;
  if (!t.shape) return { kind: 'tensor', dtype: t.dtype };
  const shape = [...t.shape];
  shape.splice(normalizeAxis(axis, shape.length + 1), 0, count);
  return { kind: 'tensor', dtype: t.dtype, shape };
}

function unstacked(t: ValueType | undefined, axis: number): ValueType | undefined {
  if (t?.kind !== 'tensor' || !t.shape) return t;
  const a = normalizeAxis(axis, t.shape.length);
  return { kind: 'tensor', dtype: t.dtype, shape: t.shape.filter((_, k) => k !== a) };
}

const ifRule = (ctx: InferContext): OutputTypes => {
  const thenBranch = attrGraph(ctx.node, 'then_branch');
  const elseBranch = attrGraph(ctx.node, 'else_branch');
  if (!thenBranch || !elseBranch) throw new InferError('then_branch and else_branch are required');
  const cond = ctx.ints(0)?.[0];
  const conditional = cond === undefined;
  const thenOut = ctx.inferSubgraph(thenBranch, [], { unreachable: cond === 0, conditional });
  const elseOut = ctx.inferSubgraph(elseBranch, [], { unreachable: cond !== undefined && cond !== 0, conditional });
  if (thenOut.length !== elseOut.length) throw new InferError(`then_branch has ${thenOut.length} outputs, else_branch ${elseOut.length}`);
  if (cond !== undefined) return cond !== 0 ? thenOut : elseOut;
  return thenOut.map((t, k) => joinTypes(t, elseOut[k], ctx.fresh));
};

/** Whether the body passes its condition through unchanged (so the loop runs all M iterations). */
function conditionNeverChanges(ctx: InferContext): boolean {
  const body = attrGraph(ctx.node, 'body')!;
  const condIn = body.inputs[1]?.name;
  let condOut = body.outputs[0]?.name;
  for (let hops = 0; condOut && condOut !== condIn && hops < 8; hops++) {
    const producer = body.nodes.find((n) => n.outputs.includes(condOut!));
    condOut = producer?.opType === 'Identity' ? producer.inputs[0] : undefined;
  }
  return condOut !== undefined && condOut === condIn;
}

const loopRule = (ctx: InferContext): OutputTypes => {
  const body = attrGraph(ctx.node, 'body');
  if (!body) throw new InferError('body is required');
  const carried = Math.max(0, ctx.inputCount - 2);
  const initial = Array.from({ length: carried }, (_, k) => ctx.type(k + 2));
  const fixed = [tensorType('int64', []), tensorType('bool', [])];
  let loopTypes = initial;
  let out = ctx.inferSubgraph(body, [...fixed, ...loopTypes]);
  // A carried value may change shape between iterations: widen and infer the body once more.
  const widened = loopTypes.map((t, k) => joinTypes(t, out[k + 1], ctx.fresh));
  if (widened.some((t, k) => JSON.stringify(t) !== JSON.stringify(loopTypes[k]))) {
    loopTypes = widened;
    out = ctx.inferSubgraph(body, [...fixed, ...loopTypes]);
  }
  const trips = ctx.has(0) ? ctx.ints(0)?.[0] : undefined;
  const condTrue = !ctx.has(1) || (ctx.ints(1)?.[0] !== undefined && ctx.ints(1)![0] !== 0);
  const count: Dim = trips !== undefined && condTrue && conditionNeverChanges(ctx) ? trips : ctx.fresh();
  const finals = loopTypes.map((t, k) => joinTypes(t, out[k + 1], ctx.fresh));
  const scans = out.slice(1 + carried).map((t) => stacked(t, count));
  return [...finals, ...scans];
};

const scanRule = (ctx: InferContext): OutputTypes => {
  const body = attrGraph(ctx.node, 'body');
  if (!body) throw new InferError('body is required');
  const m = attrInt(ctx.node, 'num_scan_inputs');
  if (m === undefined) throw new InferError('num_scan_inputs is required');
  const batched = ctx.opset < 9;
  const first = batched ? 1 : 0;
  const n = ctx.inputCount - first - m;
  if (n < 0) throw new InferError(`num_scan_inputs ${m} exceeds the ${ctx.inputCount} inputs`);
  const inputAxes = batched ? Array(m).fill(1) : attrInts(ctx.node, 'scan_input_axes', Array(m).fill(0));
  const states = Array.from({ length: n }, (_, k) => ctx.type(first + k));
  const scans = Array.from({ length: m }, (_, k) => ctx.type(first + n + k));
  const seqLen: Dim = shapeOf(scans[0])?.[normalizeAxis(inputAxes[0]!, shapeOf(scans[0])!.length)] ?? ctx.fresh();
  // Opset 8 carries a leading batch axis on every input and output; the body sees one batch item.
  const stateIn = batched ? states.map((t) => unstacked(t, 0)) : states;
  const scanIn = scans.map((t, k) => (batched ? unstacked(unstacked(t, 0), 0) : unstacked(t, inputAxes[k]!)));
  const out = ctx.inferSubgraph(body, [...stateIn, ...scanIn]);
  const outputAxes = attrInts(ctx.node, 'scan_output_axes', Array(out.length - n).fill(0));
  const batch: Dim = batched ? (shapeOf(states[0] ?? scans[0])?.[0] ?? ctx.fresh()) : 1;
  const finals = out.slice(0, n).map((t) => (batched ? stacked(t, batch) : t));
  const scanOut = out.slice(n).map((t, k) => (batched ? stacked(stacked(t, seqLen), batch) : stacked(t, seqLen, outputAxes[k] ?? 0)));
  return [...finals, ...scanOut];
};

export const controlFlowRules: RuleTable = { If: ifRule, Loop: loopRule, Scan: scanRule };
