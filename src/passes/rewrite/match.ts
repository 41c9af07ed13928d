// Matching a pattern against the graph, from a candidate root node. Backtracking is only needed
// for commutative ops: bindings are recorded on a trail, and a failed first input order undoes
// the trail back to its mark before the swapped order is tried (no copies of the match state).
import type { Node, Tensor } from '../../ir/types.ts';
import type { OpPattern, ValuePattern } from './pattern.ts';

/** What the matcher needs to know about the graph. */
export interface MatchGraph {
  producer(value: string): Node | undefined;
  constant(value: string): Tensor | undefined;
}

interface State {
  readonly values: Map<string, string>;
  readonly nodes: Map<string, Node>;
  readonly tensors: Map<string, Tensor>;
  /** Every node the pattern covered, root first. */
  readonly matched: Node[];
  /** Keys bound since the match began, in order, to undo a failed branch. */
  readonly trail: (readonly [Map<string, unknown>, string])[];
}

interface Mark {
  readonly trail: number;
  readonly matched: number;
}

const mark = (s: State): Mark => ({ trail: s.trail.length, matched: s.matched.length });

function rollback(s: State, m: Mark): void {
  while (s.trail.length > m.trail) {
    const [map, key] = s.trail.pop()!;
    map.delete(key);
  }
  s.matched.length = m.matched;
}

function bind<V>(s: State, map: Map<string, V>, key: string, value: V): void {
  map.set(key, value);
  s.trail.push([map as Map<string, unknown>, key]);
}

/** A successful match: the nodes it covers and what its names are bound to. */
export class Match {
  constructor(
    readonly root: Node,
    private readonly state: State,
  ) {}

  /** Every matched node, root first. */
  get nodes(): readonly Node[] {
    return this.state.matched;
  }

  has(name: string): boolean {
    return this.state.values.has(name) || this.state.nodes.has(name);
  }

  node(name: string): Node {
    const n = this.state.nodes.get(name);
    if (!n) throw new Error(`pattern binds no node '${name}'`);
    return n;
  }

  value(name: string): string {
    const v = this.state.values.get(name);
    if (v === undefined) throw new Error(`pattern binds no value '${name}'`);
    return v;
  }

  /** The constant bound to `name` by a constant(...) pattern. */
  tensor(name: string): Tensor {
    const t = this.state.tensors.get(name);
    if (!t) throw new Error(`pattern binds no constant '${name}'`);
    return t;
  }

  optionalTensor(name: string): Tensor | undefined {
    return this.state.tensors.get(name);
  }
}

function bindValue(s: State, name: string | undefined, value: string): boolean {
  if (!name) return true;
  const prior = s.values.get(name);
  if (prior !== undefined) return prior === value;
  bind(s, s.values, name, value);
  return true;
}

function matchValue(p: ValuePattern, value: string, g: MatchGraph, s: State): State | undefined {
  switch (p.kind) {
    case 'optional':
      return value === '' ? s : matchValue(p.inner, value, g, s);
    case 'any':
      return value !== '' && bindValue(s, p.bind, value) ? s : undefined;
    case 'const': {
      if (value === '') return undefined;
      const t = g.constant(value);
      if (!t || (p.where && !p.where(t))) return undefined;
      if (!bindValue(s, p.bind, value)) return undefined;
      if (p.bind && !s.tensors.has(p.bind)) bind(s, s.tensors, p.bind, t);
      return s;
    }
    case 'op': {
      const n = value === '' ? undefined : g.producer(value);
      if (!n || n.outputs[p.output] !== value) return undefined;
      return matchNode(p, n, g, s);
    }
  }
}

function matchInputs(patterns: readonly ValuePattern[], inputs: readonly string[], g: MatchGraph, s: State): State | undefined {
  for (let i = patterns.length; i < inputs.length; i++) if (inputs[i]) return undefined;
  let state: State | undefined = s;
  for (let i = 0; i < patterns.length && state; i++) state = matchValue(patterns[i]!, inputs[i] ?? '', g, state);
  return state;
}

function matchNode(p: OpPattern, n: Node, g: MatchGraph, s: State): State | undefined {
  const domain = n.domain === 'ai.onnx' ? '' : n.domain;
  if (!p.opTypes.includes(n.opType) || domain !== p.domain) return undefined;
  if (p.where && !p.where(n)) return undefined;
  if (s.matched.includes(n)) return undefined;
  if (p.bind) {
    const prior = s.nodes.get(p.bind);
    if (prior && prior !== n) return undefined;
    if (!prior) bind(s, s.nodes, p.bind, n);
  }
  s.matched.push(n);
  if (!p.inputs) return s;
  if (!p.commutative) return matchInputs(p.inputs, n.inputs, g, s);
  const before = mark(s);
  const first = matchInputs(p.inputs, n.inputs, g, s);
  if (first) return first;
  rollback(s, before);
  return matchInputs(p.inputs, [n.inputs[1] ?? '', n.inputs[0] ?? '', ...n.inputs.slice(2)], g, s);
}

export function matchPattern(p: OpPattern, root: Node, g: MatchGraph): Match | undefined {
  const state = matchNode(p, root, g, { values: new Map(), nodes: new Map(), tensors: new Map(), matched: [], trail: [] });
  return state ? new Match(root, state) : undefined;
}
