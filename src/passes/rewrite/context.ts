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
const typeCache = new WeakMap<Model, ReadonlyMap<string, ValueType>>();

export function lazyTypes(model: Model, log?: (m: string) => void): () => ReadonlyMap<string, ValueType> {
  return () => {
    let types = typeCache.get(model);
    if (!types) typeCache.set(model, (types = valueTypes(model, log)));
    return types;
  };
}
