// The graphs int8 quantization works in: the main graph and, recursively, the bodies of If, Loop and
// Scan nodes. A scope knows the constants its graph can read (its own and every enclosing graph's),
// which graph owns each of them (a quantized weight is stored where its float original lives, so
// two branches reading one outer weight share one int8 copy), and the words that name it in
// explanations ("in If If_0 then_branch").
//
// A body is keyed `<node id>.<attribute>` (`If_0.then_branch`; `<id>.<attr>[k]` for a graph list):
// node ids are unique in the whole model, so the key is too, even where sibling branches reuse
// value names. Value names are otherwise taken as unique across nested scopes, as ONNX requires
// (a body may read an outer name but not redefine it) and as Kiln's shape inference assumes.
import { indexGraph } from '../../ir/graph.ts';
import type { Attribute, Graph, Model, Node } from '../../ir/types.ts';
import { graphConstants, whyNotConstant, type ConstantValue } from './constants.ts';

export interface GraphScope {
  readonly graph: Graph;
  /** '' for the main graph, else the body's key (`If_0.then_branch`). */
  readonly key: string;
  /** `If If_0 then_branch` (nested: `If a then_branch › Loop b body`); '' for the main graph. */
  readonly label: string;
  readonly parent?: GraphScope;
  /** Constants of this graph alone. */
  readonly own: ReadonlyMap<string, ConstantValue>;
  /** Constants this graph can read: its own and its enclosing graphs'. */
  readonly constants: ReadonlyMap<string, ConstantValue>;
}

export interface Body {
  readonly attribute: string;
  /** Position in a `graphs` attribute; undefined for a `graph` attribute. */
  readonly index?: number;
  readonly graph: Graph;
}

export function bodiesOf(n: Node): Body[] {
  const out: Body[] = [];
  for (const a of n.attributes) {
    if (a.type === 'graph') out.push({ attribute: a.name, graph: a.value });
    else if (a.type === 'graphs') a.value.forEach((graph, index) => out.push({ attribute: a.name, index, graph }));
  }
  return out;
}

export function bodyKey(n: Node, b: Pick<Body, 'attribute' | 'index'>): string {
  return `${n.id}.${b.attribute}${b.index === undefined ? '' : `[${b.index}]`}`;
}

export function mainScope(model: Model): GraphScope {
  const own = graphConstants(model, model.graph, true);
  return { graph: model.graph, key: '', label: '', own, constants: own };
}

export function bodyScope(model: Model, parent: GraphScope, n: Node, b: Body): GraphScope {
  const own = graphConstants(model, b.graph, false);
  const here = `${n.opType} ${n.id} ${b.attribute}${b.index === undefined ? '' : `[${b.index}]`}`;
  return {
    graph: b.graph,
    key: bodyKey(n, b),
    label: parent.label ? `${parent.label} › ${here}` : here,
    parent,
    own,
    constants: new Map([...parent.constants, ...own]),
  };
}

/** The scope whose graph holds constant `name` (the nearest one, walking outwards). */
export function ownerOf(scope: GraphScope, name: string): GraphScope | undefined {
  for (let s: GraphScope | undefined = scope; s; s = s.parent) if (s.own.has(name)) return s;
  return undefined;
}

/** Why `value`, read in `scope`, is not a constant: asked of the graph that defines it. */
export function whyNotConstantIn(scope: GraphScope, value: string): string {
  for (let s: GraphScope | undefined = scope; s; s = s.parent) {
    if (indexGraph(s.graph).producer.has(value)) return whyNotConstant(s.graph, value, s.constants);
    if (s.parent && s.graph.inputs.some((v) => v.name === value)) return `${value} is an input of ${s.label}, known only at run time`;
  }
  return whyNotConstant(scope.graph, value, scope.constants);
}

/** `in If If_0 then_branch: ` before a sentence about a body; nothing for the main graph. */
export function inScope(scope: GraphScope): string {
  return scope.label ? `in ${scope.label}: ` : '';
}

/** The node's attributes with each body replaced by `rewrite(body)`; undefined when none changed. */
export function mapBodies(n: Node, rewrite: (b: Body) => Graph): Attribute[] | undefined {
  let changed = false;
  const attributes = n.attributes.map((a): Attribute => {
    if (a.type === 'graph') {
      const g = rewrite({ attribute: a.name, graph: a.value });
      if (g === a.value) return a;
      changed = true;
      return { ...a, value: g };
    }
    if (a.type === 'graphs') {
      const gs = a.value.map((graph, index) => rewrite({ attribute: a.name, index, graph }));
      if (gs.every((g, i) => g === a.value[i])) return a;
      changed = true;
      return { ...a, value: gs };
    }
    return a;
  });
  return changed ? attributes : undefined;
}

/**
 * Every body of the scope's nodes rewritten by `rewrite` (given the body's own scope), as the new
 * attributes of each node whose bodies changed: what a pass that works inside bodies runs first.
 */
export function rewriteBodiesIn(model: Model, scope: GraphScope, rewrite: (body: GraphScope) => Graph): Map<string, Attribute[]> {
  const bodies = new Map<string, Attribute[]>();
  for (const n of scope.graph.nodes) {
    const attributes = mapBodies(n, (b) => rewrite(bodyScope(model, scope, n, b)));
    if (attributes) bodies.set(n.id, attributes);
  }
  return bodies;
}
