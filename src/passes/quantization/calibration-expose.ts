// The calibration copy of a model: the same model with every measured value (calibration-points.ts)
// readable as a main-graph output, values inside If/Loop/Scan bodies included.
//
// onnxruntime returns only main-graph outputs, and a body cannot export a value except through its
// own outputs, so each body value is carried out level by level through new outputs of the node
// that owns the body. Kiln's CPU evaluator runs no Conv or LSTM, and evaluating a taken branch as a
// model of its own would need every outer value it reads, recursively, so the copy is the sound way
// (onnxruntime still runs the real model, every branch and iteration as it would):
// - If: both branches gain one output per exposed value of either branch. The branch that defines
//   the value outputs a copy of it; the other outputs an empty float32 tensor (If outputs must
//   agree in type, not in shape). A branch no sample takes thus adds no values to the statistics.
// - Loop: one new loop-carried value per exposed value, starting empty, to which each iteration
//   appends the value flattened: the Loop's final carried output holds every iteration's values,
//   so statistics merge across iterations. Carried values may change shape between iterations;
//   Loop scan outputs may not, and a body value's shape can change with the iteration.
// - Scan: one new scan output per exposed value (Scan stacks each iteration's copy; its state
//   variables must keep their shape, and a Scan's per-iteration shapes are fixed by its slicing).
// Nodes with bodies of other ops are left alone: their values are not measured.
//
//   before: y = If (c)  then { t = Conv (x, W) ... }  else { ... }
//   after:  y, t_seen = If (c)  then { ...; t_copy = Identity (t) } => (..., t_copy)
//                               else { ...; empty = Constant <value = float[0]> } => (..., empty)
import { NodeIds } from '../../ir/edit.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Attribute, Graph, Model, Node, ValueInfo, ValueType } from '../../ir/types.ts';
import { ValueNames } from '../rewrite/builder.ts';
import { scopeCalibrationTensors } from './calibration-points.ts';
import { bodiesOf, bodyScope, mainScope, mapBodies, type GraphScope } from './scopes.ts';

export interface CalibrationPoint {
  /** '' for the main graph, else the body's key (`If_0.then_branch`). */
  readonly body: string;
  readonly name: string;
  /** The main-graph output (or, for a main-graph input, the input) that carries its values. */
  readonly output: string;
}

export interface CalibrationCopy {
  readonly model: Model;
  readonly points: readonly CalibrationPoint[];
}

interface Exposed {
  readonly point: number;
  /** The value of the graph being rewritten that carries the point's values. */
  readonly value: string;
}

interface Run {
  readonly model: Model;
  readonly types: ReadonlyMap<string, ValueType>;
  readonly ids: NodeIds;
  readonly names: ValueNames;
  readonly points: { body: string; name: string }[];
}

const FLOAT: ValueType = { kind: 'tensor', dtype: 'float32' };

function node(run: Run, opType: string, inputs: readonly string[], attributes: readonly Attribute[] = [], stem = 'calibration'): { node: Node; output: string } {
  const id = run.ids.fresh(`${stem}/${opType}`);
  const output = run.names.fresh(`${stem}/${opType}_out`);
  return { node: { id, name: id, opType, domain: '', inputs: [...inputs], outputs: [output], attributes: [...attributes] }, output };
}

const emptyFloat = (run: Run, stem: string) => node(run, 'Constant', [], [{ name: 'value', type: 'tensor', value: tensorFromNumbers('', 'float32', [0], []) }], stem);

/** If branches: this branch's exposed values copied out, the other branch's as empty tensors, in one order for both. */
function ifBranch(run: Run, g: Graph, mine: readonly Exposed[], before: number, after: number, stem: string): Graph {
  const nodes = [...g.nodes];
  const outputs: ValueInfo[] = [...g.outputs];
  const empty = () => {
    const e = emptyFloat(run, stem);
    nodes.push(e.node);
    outputs.push({ name: e.output, type: FLOAT });
  };
  for (let k = 0; k < before; k++) empty();
  for (const x of mine) {
    const copy = node(run, 'Identity', [x.value], [], stem);
    nodes.push(copy.node);
    outputs.push({ name: copy.output, type: FLOAT });
  }
  for (let k = 0; k < after; k++) empty();
  return { ...g, nodes, outputs };
}

/** Loop body: one carried accumulator per exposed value, each iteration appending the value flattened. */
function loopBody(run: Run, g: Graph, mine: readonly Exposed[], stem: string): Graph {
  const carried = g.inputs.length - 2;
  const shape = node(run, 'Constant', [], [{ name: 'value', type: 'tensor', value: tensorFromNumbers('', 'int64', [1], [-1]) }], stem);
  const nodes = [...g.nodes, shape.node];
  const inputs = [...g.inputs];
  const accumulated: ValueInfo[] = [];
  for (const x of mine) {
    const acc = run.names.fresh(`${stem}/seen`);
    inputs.push({ name: acc, type: FLOAT });
    const flat = node(run, 'Reshape', [x.value, shape.output], [], stem);
    const cat = node(run, 'Concat', [acc, flat.output], [{ name: 'axis', type: 'int', value: 0 }], stem);
    nodes.push(flat.node, cat.node);
    accumulated.push({ name: cat.output, type: FLOAT });
  }
  const outputs = [...g.outputs.slice(0, 1 + carried), ...accumulated, ...g.outputs.slice(1 + carried)];
  return { ...g, nodes, inputs, outputs };
}

/** Scan body: one more scan output per exposed value. */
function scanBody(run: Run, g: Graph, mine: readonly Exposed[], stem: string): Graph {
  const nodes = [...g.nodes];
  const outputs = [...g.outputs];
  for (const x of mine) {
    const copy = node(run, 'Identity', [x.value], [], stem);
    nodes.push(copy.node);
    outputs.push({ name: copy.output, type: FLOAT });
  }
  return { ...g, nodes, outputs };
}

/** A node with bodies rewritten to carry their exposed values out, and what it now exposes. */
interface Carried {
  readonly node: Node;
  /** Nodes its new inputs read (a Loop's empty start values), placed first in the graph. */
  readonly before: readonly Node[];
  readonly exposed: readonly Exposed[];
}

const seenNames = (run: Run, list: readonly Exposed[]) => list.map((x) => run.names.fresh(`${run.points[x.point]!.name}_seen`));

function carryIf(run: Run, n: Node, t: BodyExposure, e: BodyExposure): Carried {
  const stem = `${n.id}/calibration`;
  const attributes = mapBodies(n, (b) => (b.attribute === 'then_branch' ? ifBranch(run, t.graph, t.exposed, 0, e.exposed.length, stem) : ifBranch(run, e.graph, e.exposed, t.exposed.length, 0, stem)))!;
  const both = [...t.exposed, ...e.exposed];
  const outs = seenNames(run, both);
  return { node: { ...n, outputs: [...n.outputs, ...outs], attributes }, before: [], exposed: both.map((x, k) => ({ point: x.point, value: outs[k]! })) };
}

function carryLoop(run: Run, n: Node, body: BodyExposure): Carried {
  const stem = `${n.id}/calibration`;
  const outs = seenNames(run, body.exposed);
  const starts = body.exposed.map(() => emptyFloat(run, stem));
  const carried = n.inputs.length - 2;
  return {
    node: {
      ...n,
      inputs: [...n.inputs, ...starts.map((s) => s.output)],
      outputs: [...n.outputs.slice(0, carried), ...outs, ...n.outputs.slice(carried)],
      attributes: mapBodies(n, () => loopBody(run, body.graph, body.exposed, stem))!,
    },
    before: starts.map((s) => s.node),
    exposed: body.exposed.map((x, k) => ({ point: x.point, value: outs[k]! })),
  };
}

function carryScan(run: Run, n: Node, body: BodyExposure): Carried {
  const outs = seenNames(run, body.exposed);
  const more = body.exposed.map(() => 0);
  // Per-output attributes grow with the outputs: stacked along axis 0, forwards.
  const attributes = mapBodies(n, () => scanBody(run, body.graph, body.exposed, `${n.id}/calibration`))!.map((a): Attribute =>
    (a.name === 'scan_output_axes' || a.name === 'scan_output_directions') && a.type === 'ints' ? { ...a, value: [...a.value, ...more] } : a,
  );
  return { node: { ...n, outputs: [...n.outputs, ...outs], attributes }, before: [], exposed: body.exposed.map((x, k) => ({ point: x.point, value: outs[k]! })) };
}

interface BodyExposure {
  readonly graph: Graph;
  readonly exposed: readonly Exposed[];
}

const CARRIERS = new Set(['If', 'Loop', 'Scan']);

/** Rewrites `scope`'s graph so that every point in it or below is one of its values; returns those values. */
function exposeIn(run: Run, scope: GraphScope): { graph: Graph; exposed: Exposed[] } {
  const g = scope.graph;
  const exposed: Exposed[] = [];
  if (scope.parent) {
    for (const name of scopeCalibrationTensors(scope, run.types)) {
      exposed.push({ point: run.points.length, value: name });
      run.points.push({ body: scope.key, name });
    }
  }
  const nodes: Node[] = [];
  const before: Node[] = [];
  for (const n of g.nodes) {
    const bodies = CARRIERS.has(n.opType) && (n.domain === '' || n.domain === 'ai.onnx') ? bodiesOf(n) : [];
    const inner = new Map(bodies.map((b) => [b.attribute, exposeIn(run, bodyScope(run.model, scope, n, b))]));
    const [t, e, body] = [inner.get('then_branch'), inner.get('else_branch'), inner.get('body')];
    // Nothing measured below (or a malformed node): the node and its bodies stay as they are.
    const carried = ![...inner.values()].some((b) => b.exposed.length)
      ? undefined
      : n.opType === 'If'
        ? t && e && carryIf(run, n, t, e)
        : body && (n.opType === 'Loop' ? carryLoop(run, n, body) : carryScan(run, n, body));
    if (!carried) {
      nodes.push(n);
      continue;
    }
    nodes.push(carried.node);
    before.push(...carried.before);
    exposed.push(...carried.exposed);
  }
  return { graph: nodes.every((n, i) => n === g.nodes[i]) && !before.length ? g : { ...g, nodes: [...before, ...nodes] }, exposed };
}

/** The calibration copy: main-graph values exposed as outputs, body values carried out to the main graph. */
export function calibrationCopy(model: Model, types: ReadonlyMap<string, ValueType>): CalibrationCopy {
  const run: Run = { model, types, ids: new NodeIds(model), names: new ValueNames(model), points: [] };
  const main = mainScope(model);
  const { graph, exposed } = exposeIn(run, main);
  const points: CalibrationPoint[] = scopeCalibrationTensors(main, types).map((name) => ({ body: '', name, output: name }));
  for (const x of exposed) points.push({ ...run.points[x.point]!, output: x.value });
  const have = new Set(graph.outputs.map((o) => o.name));
  const inputs = new Set(graph.inputs.map((v) => v.name));
  const added = points.filter((p) => !have.has(p.output) && !inputs.has(p.output)).map((p) => ({ name: p.output, type: FLOAT }));
  return { model: { ...model, graph: { ...graph, outputs: [...graph.outputs, ...added] } }, points };
}
