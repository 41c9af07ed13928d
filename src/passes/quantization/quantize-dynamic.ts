// quantize-dynamic: stores the constant weights of MatMul, Gemm and Conv as symmetric int8 with one
// scale per output channel, and quantizes their float input to uint8 at run time, as onnxruntime's
// quantize_dynamic does. One DynamicQuantizeLinear serves every op that reads the same input.
//
//   before: y = MatMul (x, W)                                   W: float[784,128]
//   after:  xq, xs, xz = DynamicQuantizeLinear (x)
//           yi = MatMulInteger (xq, Wq, xz, Wz)                 Wq: int8[784,128], Wz = 0
//           y  = Mul (Cast <to = float> (yi), Mul (xs, Ws))     Ws: float[128], one scale per column
//
// Conv becomes ConvInteger the same way (Ws shaped [M,1,1]); Gemm folds alpha into Ws and adds
// beta·C after. Weights that are not constants decline with the reason (see constants.ts).
// Ops inside If/Loop/Scan bodies are quantized too, recursively; a body's DynamicQuantizeLinear is
// its own, and a weight read from an enclosing graph is stored as int8 there (scopes.ts).
import { attrInt } from '../../ir/attributes.ts';
import { GraphEditor, NodeIds, withGraph } from '../../ir/edit.ts';
import { tensorByteLength } from '../../ir/tensor.ts';
import type { Graph, Model, Node, ValueType } from '../../ir/types.ts';
import type { Explanation, NearMiss, Pass } from '../pass.ts';
import { ValueNames } from '../rewrite/builder.ts';
import { formatBytes, formatShape } from '../support/describe.ts';
import { isDefaultDomain, valueTypes } from '../support/constant-values.ts';
import { emitDynamic, type DynamicKind, type DynamicTarget, type EmitContext } from './dynamic-emit.ts';
import { atLeastOpset } from './opset-upgrade.ts';
import { netRecord, unchanged } from './records.ts';
import { bodiesOf, bodyScope, inScope, mainScope, ownerOf, rewriteBodiesIn, whyNotConstantIn, type GraphScope } from './scopes.ts';
import { removeUnreadConstants } from './unread-constants.ts';

export interface QuantizeDynamicOptions {
  /** Op types to quantize (default MatMul, Gemm, Conv). */
  readonly ops?: readonly DynamicKind[];
  /** Write MatMul and Gemm as com.microsoft DynamicQuantizeMatMul (onnxruntime CPU runs it) instead of standard ops. */
  readonly contrib?: boolean;
}

const KINDS: readonly DynamicKind[] = ['MatMul', 'Gemm', 'Conv'];

function isFloat32(types: ReadonlyMap<string, ValueType>, v: string): boolean {
  const t = types.get(v);
  return t?.kind === 'tensor' && t.dtype === 'float32';
}

/** The op as a target, or the reason it is not one. */
function target(scope: GraphScope, n: Node, types: ReadonlyMap<string, ValueType>): DynamicTarget | string {
  const constants = scope.constants;
  const kind = n.opType as DynamicKind;
  const [x, w, bias] = n.inputs;
  if (!x || !w) return `${n.opType} has no weight input`;
  if (!isFloat32(types, x)) return `its input ${x} is ${types.get(x)?.kind === 'tensor' ? (types.get(x) as { dtype: string }).dtype : 'of unknown type'}; only float32 activations are quantized`;
  const c = constants.get(w);
  if (!c) return `${whyNotConstantIn(scope, w)}; only constant weights are quantized`;
  if (c.tensor.dtype !== 'float32') return `its weight ${w} is ${c.tensor.dtype}; only float32 weights are quantized`;
  const rank = c.tensor.dims.length;
  if (kind !== 'Conv' && rank !== 2) return `its weight ${w} ${formatShape(c.tensor.dims)} has rank ${rank}; per-column scales need a 2-D weight`;
  if (kind === 'Conv' && rank < 3) return `its weight ${w} has rank ${rank}`;
  if (kind === 'Gemm' && attrInt(n, 'transA', 0) === 1) return 'transA=1: MatMulInteger takes A as it is stored';
  if (kind === 'Conv' && bias && !constants.has(bias)) return `its bias ${bias} is not a constant`;
  const biasTensor = bias ? constants.get(bias)?.tensor : undefined;
  return { node: n, kind, x, weight: c.tensor, ...(bias ? { bias } : {}), ...(biasTensor ? { biasTensor } : {}) };
}

interface ScopeTargets {
  readonly scope: GraphScope;
  readonly targets: DynamicTarget[];
}

/** The targets of every graph (bodies included, in pre-order) and the near misses of the ops that are not targets. */
function analyze(model: Model, kinds: ReadonlySet<DynamicKind>, log?: (m: string) => void): { scopes: ScopeTargets[]; nearMisses: NearMiss[] } {
  const types = valueTypes(model, log);
  const nearMisses: NearMiss[] = [];
  const scopes: ScopeTargets[] = [];
  const visit = (scope: GraphScope) => {
    const targets: DynamicTarget[] = [];
    for (const n of scope.graph.nodes) {
      for (const b of bodiesOf(n)) visit(bodyScope(model, scope, n, b));
      if (!isDefaultDomain(n) || !kinds.has(n.opType as DynamicKind)) continue;
      const t = target(scope, n, types);
      if (typeof t === 'string') nearMisses.push({ rule: `quantize-dynamic/${n.opType.toLowerCase()}`, nodeId: n.id, reason: `${inScope(scope)}${t}` });
      else targets.push(t);
    }
    if (targets.length) scopes.push({ scope, targets });
  };
  visit(mainScope(model));
  return { scopes, nearMisses };
}

interface Run {
  readonly model: Model;
  readonly byScope: ReadonlyMap<string, readonly DynamicTarget[]>;
  readonly ids: NodeIds;
  readonly names: ValueNames;
  readonly contrib: boolean;
  /** Editors of the graphs being rewritten (a scope and its enclosing ones), by scope key. */
  readonly editors: Map<string, GraphEditor>;
  /** Float weights replaced, by the key of the graph that holds them. */
  readonly replaced: Map<string, Set<string>>;
  readonly explanations: Explanation[];
  readonly bytes: { before: number; after: number };
  /** Readers of each DynamicQuantizeLinear, one entry per graph and input. */
  readonly shared: number[];
  /** Nodes whose bodies were rewritten. */
  readonly rewired: string[];
}

/** Rewrites one graph's targets, after the bodies inside it (they may store int8 weights in this graph). */
function rewriteScope(run: Run, scope: GraphScope): Graph {
  const g = scope.graph;
  const editor = new GraphEditor(g, run.ids);
  run.editors.set(scope.key, editor);
  const bodies = rewriteBodiesIn(run.model, scope, (body) => rewriteScope(run, body));
  const targets = run.byScope.get(scope.key) ?? [];
  const { names } = run;
  const shared = new Map<string, { outputs: readonly [string, string, string]; readers: number }>();
  const ownerKey = (source: string) => (ownerOf(scope, source) ?? scope).key;
  const c: EmitContext = {
    editor,
    names,
    contrib: run.contrib,
    store: (t, source) => void run.editors.get(source ? ownerKey(source) : scope.key)!.addInitializer(t),
    quantizedInput(x, by) {
      let q = shared.get(x);
      if (!q) {
        const outputs = [names.fresh(`${x}_quantized`), names.fresh(`${x}_scale`), names.fresh(`${x}_zero_point`)] as const;
        editor.insertNode({ opType: 'DynamicQuantizeLinear', inputs: [x], outputs: [...outputs], id: `${x}/DynamicQuantizeLinear`, provenance: [by.id] });
        shared.set(x, (q = { outputs, readers: 0 }));
      }
      q.readers++;
      return q.outputs;
    },
  };
  for (const t of targets) {
    editor.removeNode(t.node.id);
    const e = emitDynamic(c, t);
    const key = ownerKey(t.weight.name);
    run.replaced.set(key, (run.replaced.get(key) ?? new Set()).add(t.weight.name));
    const [wBytes, qBytes] = [tensorByteLength(t.weight), e.weightTensors.reduce((s, q) => s + tensorByteLength(q), 0)];
    run.bytes.before += wBytes;
    run.bytes.after += qBytes;
    const axis = t.kind === 'Conv' ? 'output-channel' : 'column';
    const how = run.contrib && t.kind !== 'Conv' ? 'com.microsoft DynamicQuantizeMatMul quantizes' : `${t.kind === 'Conv' ? 'ConvInteger' : 'MatMulInteger'} reads`;
    run.explanations.push({
      rule: `quantize-dynamic/${t.kind.toLowerCase()}`,
      message: `${inScope(scope)}${t.kind} ${t.node.id}: weight ${t.weight.name} ${formatShape(t.weight.dims)} to int8 with ${e.channels} per-${axis} scales (${formatBytes(wBytes)} → ${formatBytes(qBytes)}); ${how} its input ${t.x} as uint8 quantized at run time`,
      matched: [t.node.id],
      produced: [],
    });
  }
  run.shared.push(...[...shared.values()].map((s) => s.readers));
  for (const [id, attributes] of bodies) editor.setAttributes(id, attributes);
  run.rewired.push(...bodies.keys());
  // What the rewritten bodies read decides which of this graph's float weights are still needed.
  const view = bodies.size ? { ...g, nodes: g.nodes.map((n) => (bodies.has(n.id) ? { ...n, attributes: bodies.get(n.id)! } : n)) } : g;
  removeUnreadConstants(view, editor, run.replaced.get(scope.key) ?? new Set(), scope.own, new Set(targets.map((t) => t.node.id)));
  run.editors.delete(scope.key);
  return editor.apply().graph;
}

/** DynamicQuantizeLinear and ConvInteger need opset 11: raise older models first, as onnxruntime's quantizer does. */
const NEEDED_OPSET = 11;

export function quantizeDynamicWith(options: QuantizeDynamicOptions = {}): Pass {
  const kinds = new Set(options.ops ?? KINDS);
  const contrib = options.contrib ?? false;
  return {
    id: 'quantize-dynamic',
    title: 'Quantize weights to int8 (dynamic)',
    description: 'Stores MatMul, Gemm and Conv weights as int8 with per-channel scales and quantizes their inputs at run time.',
    run(model, ctx = {}) {
      const first = analyze(model, kinds, ctx.log);
      if (!first.scopes.length) return { model, changes: unchanged(first.nearMisses) };
      const upgraded = atLeastOpset(model, NEEDED_OPSET, 'quantize-dynamic/opset', `DynamicQuantizeLinear needs opset ${NEEDED_OPSET}`);
      if ('reason' in upgraded) {
        const { reason } = upgraded;
        return { model, changes: unchanged([...first.nearMisses, ...first.scopes.flatMap((s) => s.targets).map((t) => ({ rule: `quantize-dynamic/${t.kind.toLowerCase()}`, nodeId: t.node.id, reason }))]) };
      }
      const working = upgraded.model;
      const explanations: Explanation[] = upgraded.explanation ? [upgraded.explanation] : [];
      const { scopes, nearMisses } = working === model ? first : analyze(working, kinds, ctx.log);
      const run: Run = {
        model: working,
        byScope: new Map(scopes.map((s) => [s.scope.key, s.targets])),
        ids: new NodeIds(working),
        names: new ValueNames(working),
        contrib,
        editors: new Map(),
        replaced: new Map(),
        explanations,
        bytes: { before: 0, after: 0 },
        shared: [],
        rewired: [],
      };
      const graph = rewriteScope(run, mainScope(working));
      const targets = scopes.flatMap((s) => s.targets);
      const sharedBy = run.shared.filter((k) => k > 1);
      const sharing = sharedBy.length ? `; ${sharedBy.length} DynamicQuantizeLinear ${sharedBy.length === 1 ? 'is' : 'are'} shared by ${sharedBy.reduce((s, k) => s + k, 0)} ops reading the same input` : '';
      const inBodies = scopes.filter((s) => s.scope.label).map((s) => `${s.targets.length} in ${s.scope.label}`);
      explanations.push({
        rule: 'quantize-dynamic/summary',
        message: `quantized ${targets.length} weight${targets.length === 1 ? '' : 's'} to int8 (${formatBytes(run.bytes.before)} → ${formatBytes(run.bytes.after)})${sharing}${inBodies.length ? `; inside bodies: ${inBodies.join(', ')}` : ''}`,
        matched: targets.map((t) => t.node.id),
        produced: [],
      });
      const out = withDomain(withGraph(working, graph), contrib ? 'com.microsoft' : undefined);
      return { model: out, changes: netRecord(model, out, run.rewired, explanations, nearMisses) };
    },
  };
}

/** Imports a domain the new nodes use (version 1) when the model does not yet. */
export function withDomain(model: Model, domain: string | undefined): Model {
  const uses = (g: Graph): boolean => g.nodes.some((n) => n.domain === domain || bodiesOf(n).some((b) => uses(b.graph)));
  if (!domain || model.opsetImports.some((o) => o.domain === domain) || !uses(model.graph)) return model;
  return { ...model, opsetImports: [...model.opsetImports, { domain, version: 1 }] };
}

export const quantizeDynamic = quantizeDynamicWith();
