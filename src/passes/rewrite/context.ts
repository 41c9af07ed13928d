// The RewriteContext of one sweep over one graph: cached lookups of producers, readers, constants
// and (lazily) inferred types.
import { evaluateNode } from '../../ir/eval/evaluate.ts';
import { indexGraph, outerScopeReads, subgraphsOf } from '../../ir/graph.ts';
import type { Graph, Model, Node, Tensor, ValueType } from '../../ir/types.ts';
import { constantInitializers, valueTypes } from '../support/constant-values.ts';
import type { RewriteContext } from './rule.ts';

export interface ContextSource {
  readonly model: Model;
  readonly graph: Graph;
  readonly isMain: boolean;
  /** Constants of enclosing graphs, visible inside a subgraph. */
  readonly outerConstants: ReadonlyMap<string, Tensor>;
  /** Types of every value of the model (inference runs on first use). */
  readonly types: () => ReadonlyMap<string, ValueType>;
}

export function makeContext(src: ContextSource): RewriteContext {
  const g = src.graph;
  const index = indexGraph(g);
  const opset = src.model.opsetImports.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version ?? 1;
  const initializers = new Map(constantInitializers(g, src.model.irVersion, src.isMain).map((t) => [t.name, t]));
  const constants = new Map<string, Tensor | null>();
  let subgraphReaders: Map<string, Node[]> | undefined;
  const outputs = new Set(g.outputs.map((o) => o.name));

  const readersFromSubgraphs = (): Map<string, Node[]> => {
    if (subgraphReaders) return subgraphReaders;
    subgraphReaders = new Map();
    for (const n of g.nodes) {
      for (const sub of subgraphsOf(n)) {
        for (const v of outerScopeReads(sub)) {
          const list = subgraphReaders.get(v) ?? [];
          if (!list.includes(n)) list.push(n);
          subgraphReaders.set(v, list);
        }
      }
    }
    return subgraphReaders;
  };

  const ctx: RewriteContext = {
    opset,
    irVersion: src.model.irVersion,
    producer: (v) => index.producer.get(v),
    consumers: (v) => {
      const direct = index.consumers.get(v) ?? [];
      const nested = readersFromSubgraphs().get(v);
      return nested ? [...direct, ...nested.filter((n) => !direct.includes(n))] : direct;
    },
    isGraphOutput: (v) => outputs.has(v),
    constant: (v) => {
      const init = initializers.get(v) ?? src.outerConstants.get(v);
      if (init) return init;
      if (constants.has(v)) return constants.get(v) ?? undefined;
      const p = index.producer.get(v);
      let t: Tensor | null = null;
      if (p && p.opType === 'Constant' && (p.domain === '' || p.domain === 'ai.onnx')) {
        try {
          t = evaluateNode(p, [], opset)[0] ?? null;
        } catch {
          t = null; // sparse or string constants: not usable as weights
        }
      }
      constants.set(v, t);
      return t ?? undefined;
    },
    type: (v) => src.types().get(v),
    shape: (v) => {
      const t = src.types().get(v);
      return t && t.kind === 'tensor' ? t.shape : undefined;
    },
    staticShape: (v) => {
      const s = ctx.shape(v);
      return s && s.every((d): d is number => typeof d === 'number' && d >= 0) ? [...s] : undefined;
    },
    dtype: (v) => {
      const t = src.types().get(v);
      return t && (t.kind === 'tensor' || t.kind === 'sparse_tensor') ? t.dtype : undefined;
    },
  };
  return ctx;
}

/** Every constant a subgraph of `g` can see: this graph's constants plus the ones it inherited. */
export function constantsForSubgraphs(ctx: RewriteContext, g: Graph, inherited: ReadonlyMap<string, Tensor>): Map<string, Tensor> {
  const out = new Map(inherited);
  for (const t of g.initializers) {
    const c = ctx.constant(t.name);
    if (c) out.set(t.name, c);
  }
  return out;
}

// Models are immutable, so one inference per model object serves every sweep and subgraph that
// looks at it (a subgraph sweep sees the enclosing model, which does not change under it).
//
// A model the rewrite engine derived from another (the next sweep of a pass, or a pass's result)
// keeps every main-graph value name it shares with its source meaning the same value: rewrites
// preserve what the values they keep compute, and the names they make are fresh, unused in the
// source. So such a model answers from its source's types (already inferred there) and infers
// itself only when asked about a value its source did not have. A name the source lacks is never
// looked up further back: an earlier model may have used it for another value.
interface TypeSource {
  /** The type, if known without running inference. */
  peek(name: string): ValueType | undefined;
  get(name: string): ValueType | undefined;
}

const inferred = new WeakMap<Model, ReadonlyMap<string, ValueType>>();
const derivedFrom = new WeakMap<Model, Model>();
const sources = new WeakMap<Model, TypeSource>();

/** The model's value types, inferred once per model object (and shared with the rule contexts). */
export function modelTypes(model: Model, log?: (m: string) => void): ReadonlyMap<string, ValueType> {
  let t = inferred.get(model);
  if (!t) inferred.set(model, (t = valueTypes(model, log)));
  return t;
}

/** Records that `result` was made from `source` by semantics-preserving rewrites (see above). */
export function deriveTypes(result: Model, source: Model): void {
  if (result !== source && !inferred.has(result)) derivedFrom.set(result, source);
}

/** Whether `name` is a value of the model's main graph (an input, initializer or node output). */
function hasValue(model: Model, name: string): boolean {
  const index = indexGraph(model.graph);
  return index.producer.has(name) || index.initializer.has(name) || index.input.has(name);
}

function typeSource(model: Model, log?: (m: string) => void): TypeSource {
  const hit = sources.get(model);
  if (hit) return hit;
  const full = () => modelTypes(model, log);
  const { initializer } = indexGraph(model.graph);
  // An initializer's type is its tensor's, exactly (a folded value's shape is known here even
  // where the source could only infer it symbolically).
  const declared = (name: string): ValueType | undefined => {
    const t = initializer.get(name);
    return t ? { kind: 'tensor', dtype: t.dtype, shape: t.dims } : undefined;
  };
  const from = derivedFrom.get(model);
  const parent = from ? typeSource(from, log) : undefined;
  const source: TypeSource = {
    peek: (name) => inferred.get(model)?.get(name) ?? (parent && from && hasValue(from, name) ? parent.peek(name) : undefined),
    get: (name) => {
      const own = inferred.get(model);
      if (own) return own.get(name);
      const carried = declared(name) ?? (parent && from && hasValue(from, name) ? parent.peek(name) : undefined);
      return carried ?? full().get(name);
    },
  };
  sources.set(model, source);
  return source;
}

/**
 * A view of the model's value types for rule contexts: `get` answers from inference already done
 * (here or, for a derived model, in its source) and runs inference only when it must. Any other
 * use of the map infers the whole model.
 */
class LazyTypeMap implements ReadonlyMap<string, ValueType> {
  constructor(
    private readonly model: Model,
    private readonly source: TypeSource,
    private readonly log?: (m: string) => void,
  ) {}
  get(name: string): ValueType | undefined {
    return this.source.get(name);
  }
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
  private all(): ReadonlyMap<string, ValueType> {
    return modelTypes(this.model, this.log);
  }
  get size(): number {
    return this.all().size;
  }
  forEach(f: (v: ValueType, k: string, m: ReadonlyMap<string, ValueType>) => void): void {
    this.all().forEach((v, k) => f(v, k, this));
  }
  entries(): MapIterator<[string, ValueType]> {
    return this.all().entries();
  }
  keys(): MapIterator<string> {
    return this.all().keys();
  }
  values(): MapIterator<ValueType> {
    return this.all().values();
  }
  [Symbol.iterator](): MapIterator<[string, ValueType]> {
    return this.all()[Symbol.iterator]();
  }
}

export function lazyTypes(model: Model, log?: (m: string) => void): () => ReadonlyMap<string, ValueType> {
  let map: LazyTypeMap | undefined;
  return () => (map ??= new LazyTypeMap(model, typeSource(model, log), log));
}
