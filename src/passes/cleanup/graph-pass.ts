// The frame of a hand-written pass that is not a set of patterns (common-subexpression
// elimination, elementwise and horizontal fusion, concat marking): it calls the pass's rewrite on
// the main graph, then on every If/Loop/Scan body (with the enclosing constants in view), and
// turns what the rewrites logged into the pass's ChangeRecord. The rewrite edits through a
// GraphEditor and returns the result; it never mutates anything.
import { GraphEditor, NodeIds, withGraph, type EditRecord } from '../../ir/edit.ts';
import { subgraphsOf } from '../../ir/graph.ts';
import type { Attribute, FunctionDef, Graph, Model, Tensor, ValueType } from '../../ir/types.ts';
import type { Explanation, Pass, PassContext, PassResult } from '../pass.ts';
import { ValueNames } from '../rewrite/builder.ts';
import { constantsForSubgraphs, deriveTypes, lazyTypes, makeContext } from '../rewrite/context.ts';
import type { PassMeta } from '../rewrite/driver.ts';
import { RewriteLog } from '../rewrite/log.ts';
import type { RewriteContext } from '../rewrite/rule.ts';
import { defaultOpset } from '../support/constant-values.ts';

/** What a rewrite sees of the graph it works on. */
export interface GraphScope {
  readonly model: Model;
  readonly graph: Graph;
  readonly isMain: boolean;
  /** Readers (subgraph reads included), constants, and lazily inferred types. */
  readonly ctx: RewriteContext;
  /** The model's default-domain opset (1 when it imports none). */
  readonly opset: number;
  /** An editor over `graph` sharing the pass's id allocation. */
  editor(): GraphEditor;
  /** A value name unused anywhere in the model. */
  freshValue(stem: string): string;
  explain(e: Explanation): void;
  miss(rule: string, nodeId: string, reason: string): void;
  /** Declares a model-local function the new nodes call (deduplicated by domain, name, overload). */
  addFunction(f: FunctionDef): void;
  /** Functions the model already has or this run added, by `domain::name:overload`. */
  functionByKey(key: string): FunctionDef | undefined;
}

export const functionKey = (f: Pick<FunctionDef, 'domain' | 'name' | 'overload'>): string => `${f.domain}::${f.name}:${f.overload ?? ''}`;

/** The rewrite of one graph: the edited graph and its edit record, or undefined for no change. */
export type GraphRewrite = (scope: GraphScope) => { readonly graph: Graph; readonly record: EditRecord } | undefined;

interface Run {
  readonly model: Model;
  readonly ids: NodeIds;
  readonly names: ValueNames;
  readonly log: RewriteLog;
  readonly functions: Map<string, FunctionDef>;
  readonly opset: number;
  readonly subgraphTypes: () => ReadonlyMap<string, ValueType>;
}

function scopeOf(run: Run, graph: Graph, isMain: boolean, outerConstants: ReadonlyMap<string, Tensor>, types: () => ReadonlyMap<string, ValueType>): GraphScope {
  return {
    model: run.model,
    graph,
    isMain,
    ctx: makeContext({ model: run.model, graph, isMain, outerConstants, types }),
    opset: run.opset,
    editor: () => new GraphEditor(graph, run.ids),
    freshValue: (stem) => run.names.fresh(stem),
    explain: (e) => run.log.explain(e),
    miss: (rule, nodeId, reason) => run.log.miss(rule, nodeId, reason),
    addFunction: (f) => void (run.functions.has(functionKey(f)) || run.functions.set(functionKey(f), f)),
    functionByKey: (key) => run.functions.get(key),
  };
}

function rewriteGraph(run: Run, rewrite: GraphRewrite, graph: Graph, isMain: boolean, outer: ReadonlyMap<string, Tensor>, types: () => ReadonlyMap<string, ValueType>): Graph {
  const edit = rewrite(scopeOf(run, graph, isMain, outer, types));
  let g = graph;
  if (edit && edit.graph !== graph) {
    run.log.record(edit.record);
    g = edit.graph;
  }
  if (!g.nodes.some((n) => subgraphsOf(n).length)) return g;
  // Bodies see this graph's constants (as rewritten) besides the ones it inherited.
  const visible = constantsForSubgraphs(makeContext({ model: run.model, graph: g, isMain, outerConstants: outer, types }), g, outer);
  const editor = new GraphEditor(g, run.ids);
  let changed = false;
  for (const n of g.nodes) {
    if (!subgraphsOf(n).length) continue;
    const attributes = n.attributes.map((a): Attribute => {
      if (a.type === 'graph') {
        const sub = rewriteGraph(run, rewrite, a.value, false, visible, run.subgraphTypes);
        return sub === a.value ? a : { ...a, value: sub };
      }
      if (a.type === 'graphs') {
        const subs = a.value.map((s) => rewriteGraph(run, rewrite, s, false, visible, run.subgraphTypes));
        return subs.every((s, i) => s === a.value[i]) ? a : { ...a, value: subs };
      }
      return a;
    });
    if (attributes.some((a, i) => a !== n.attributes[i])) {
      editor.setAttributes(n.id, attributes);
      changed = true;
    }
  }
  if (!changed) return g;
  const { graph: next, record } = editor.apply();
  run.log.record(record);
  return next;
}

function domainsUsed(g: Graph, out: Set<string>): Set<string> {
  for (const n of g.nodes) {
    if (n.domain && n.domain !== 'ai.onnx') out.add(n.domain);
    for (const sub of subgraphsOf(n)) domainsUsed(sub, out);
  }
  return out;
}

/** Adds the new functions and imports (version 1) the domains new nodes use. */
function finishModel(model: Model, functions: ReadonlyMap<string, FunctionDef>): Model {
  const have = new Set(model.functions.map(functionKey));
  const added = [...functions.values()].filter((f) => !have.has(functionKey(f)));
  let m = added.length ? { ...model, functions: [...model.functions, ...added] } : model;
  const imported = new Set(m.opsetImports.map((o) => (o.domain === 'ai.onnx' ? '' : o.domain)));
  const missing = [...domainsUsed(m.graph, new Set())].filter((d) => !imported.has(d));
  if (missing.length) m = { ...m, opsetImports: [...m.opsetImports, ...missing.map((domain) => ({ domain, version: 1 }))] };
  return m;
}

/** A pass that runs `rewrite` once on every graph of the model. */
export function graphPass(meta: PassMeta, rewrite: GraphRewrite): Pass {
  return {
    ...meta,
    run(model: Model, passCtx: PassContext = {}): PassResult {
      const functions = new Map(model.functions.map((f) => [functionKey(f), f]));
      const types = lazyTypes(model, passCtx.log);
      const run: Run = { model, ids: new NodeIds(model), names: new ValueNames(model), log: new RewriteLog(), functions, opset: defaultOpset(model) ?? 1, subgraphTypes: types };
      const graph = rewriteGraph(run, rewrite, model.graph, true, new Map(), types);
      const result = graph === model.graph ? model : finishModel(withGraph(model, graph), functions);
      deriveTypes(result, model);
      return { model: result, changes: run.log.finish(model, result) };
    },
  };
}
