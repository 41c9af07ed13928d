// The one driver every rule-based pass shares: sweep the graph in topological order, try the rules
// whose root op matches each node, apply every non-overlapping match, and repeat until a sweep
// changes nothing. Declined matches become near misses; applied ones become explanations.
import { isInputError } from '../../ir/errors.ts';
import { GraphEditor, NodeIds, withGraph } from '../../ir/edit.ts';
import { subgraphsOf } from '../../ir/graph.ts';
import type { Attribute, FunctionDef, Graph, Model, Node, Tensor } from '../../ir/types.ts';
import type { Pass, PassContext, PassResult } from '../pass.ts';
import { RewriteBuilder, ValueNames } from './builder.ts';
import { constantsForSubgraphs, deriveTypes, lazyTypes, makeContext } from './context.ts';
import { RewriteLog } from './log.ts';
import { matchPattern, type Match } from './match.ts';
import type { RewriteContext, Rule } from './rule.ts';
import { functionKey } from '../cleanup/graph-pass.ts';

export interface RulePassOptions {
  /** Safety bound on sweeps; rule sets that oscillate stop here. */
  readonly maxSweeps?: number;
  /** Also rewrite inside If/Loop/Scan bodies (default true). */
  readonly subgraphs?: boolean;
}

interface Run {
  readonly model: Model;
  readonly byOp: ReadonlyMap<string, readonly Rule[]>;
  /** Made on first use: a pass that rewrites nothing never scans the model for used names. */
  ids(): NodeIds;
  names(): ValueNames;
  readonly log: RewriteLog;
  readonly options: RulePassOptions;
  readonly passCtx: PassContext;
  readonly functions: Map<string, FunctionDef>;
}

const label = (n: Node) => `${n.opType} ${n.id}`;

/** Matched nodes (other than the root) whose outputs someone outside the match reads. */
function sharedIntermediates(m: Match, ctx: RewriteContext): Node[] {
  const inside = new Set(m.nodes);
  return m.nodes.slice(1).filter((n) => n.outputs.some((o) => o && (ctx.isGraphOutput(o) || ctx.consumers(o).some((c) => !inside.has(c)))));
}

function readersOutside(n: Node, m: Match, ctx: RewriteContext): string {
  const inside = new Set(m.nodes);
  const readers = n.outputs.flatMap((o) => (o ? ctx.consumers(o) : [])).filter((c) => !inside.has(c));
  const outputs = n.outputs.filter((o) => o && ctx.isGraphOutput(o));
  const parts = [...readers.map(label), ...outputs.map((o) => `graph output ${o}`)];
  return parts.length > 3 ? `${parts.slice(0, 3).join(', ')} and ${parts.length - 3} more` : parts.join(', ');
}

/** A rule that removes a node must leave every value someone still reads defined. */
function checkCovered(rule: Rule, m: Match, removed: ReadonlySet<Node>, b: RewriteBuilder, ctx: RewriteContext): void {
  for (const n of removed) {
    for (const o of n.outputs) {
      if (!o || b.defined.has(o) || b.replaced.has(o)) continue;
      const stillRead = ctx.isGraphOutput(o) || ctx.consumers(o).some((c) => !removed.has(c));
      if (stillRead) throw new Error(`rule ${rule.name} removed ${label(n)} but gave no replacement for its output '${o}' (matched at ${m.root.id})`);
    }
  }
}

/** Tries the rules on one node; applies the first that matches and agrees. Returns the nodes it consumed. */
function tryNode(run: Run, node: Node, ctx: RewriteContext, editor: () => GraphEditor, claimed: ReadonlySet<string>): readonly Node[] | undefined {
  for (const rule of run.byOp.get(node.opType) ?? []) {
    const m = matchPattern(rule.pattern, node, ctx);
    if (!m || m.nodes.some((n) => claimed.has(n.id))) continue;
    const shared = sharedIntermediates(m, ctx);
    if (shared.length && (rule.sharedIntermediates ?? 'decline') === 'decline') {
      const n = shared[0]!;
      run.log.miss(rule.name, node.id, `${label(n)}'s output is also read by ${readersOutside(n, m, ctx)}; fusing it would compute it twice`);
      continue;
    }
    const verdict = rule.check ? rule.check(m, ctx) : { ok: true as const };
    if (!verdict.ok) {
      run.log.miss(rule.name, verdict.nodeId ?? node.id, verdict.reason);
      continue;
    }
    const b = new RewriteBuilder(run.names(), m);
    let message: string;
    try {
      message = rule.rewrite(m, b, ctx);
    } catch (e) {
      // A rewrite may discover late that it cannot apply (an unsupported dtype, say): a near miss.
      if (!isInputError(e)) throw e;
      run.log.miss(rule.name, node.id, (e as Error).message);
      continue;
    }
    const keep = new Set(rule.sharedIntermediates === 'keep' ? shared : []);
    const removed = new Set(m.nodes.filter((n) => !keep.has(n)));
    checkCovered(rule, m, removed, b, ctx);
    const e = editor();
    for (const n of removed) e.removeNode(n.id);
    const produced = b.commit(e);
    for (const f of b.functions) run.functions.set(functionKey(f), f);
    run.log.explain({ rule: rule.name, message, matched: m.nodes.map((n) => n.id), produced });
    return m.nodes;
  }
  return undefined;
}

function rewriteGraph(run: Run, graph: Graph, isMain: boolean, outerConstants: ReadonlyMap<string, Tensor>): Graph {
  const maxSweeps = run.options.maxSweeps ?? 32;
  let g = graph;
  let previous = run.model;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    const model = isMain ? withGraph(run.model, g) : run.model;
    // Each sweep's model keeps the types of the one before (see context.ts): no re-inference.
    if (isMain) deriveTypes(model, previous);
    previous = model;
    const ctx = makeContext({ model, graph: g, isMain, outerConstants, types: lazyTypes(model, run.passCtx.log) });
    let editor: GraphEditor | undefined;
    const edit = () => (editor ??= new GraphEditor(g, run.ids()));
    const claimed = new Set<string>();
    for (const node of g.nodes) {
      if (claimed.has(node.id) || !run.byOp.has(node.opType)) continue;
      const consumed = tryNode(run, node, ctx, edit, claimed);
      if (!consumed) continue;
      for (const n of consumed) claimed.add(n.id);
    }
    if (!editor) break;
    const { graph: next, record } = (editor as GraphEditor).apply();
    run.log.record(record);
    g = next;
  }
  if (run.options.subgraphs === false) return g;
  return rewriteSubgraphs(run, g, isMain, outerConstants);
}

function rewriteSubgraphs(run: Run, g: Graph, isMain: boolean, outerConstants: ReadonlyMap<string, Tensor>): Graph {
  if (!g.nodes.some((n) => subgraphsOf(n).length)) return g;
  const model = isMain ? withGraph(run.model, g) : run.model;
  const ctx = makeContext({ model, graph: g, isMain, outerConstants, types: lazyTypes(model) });
  const visible = constantsForSubgraphs(ctx, g, outerConstants);
  const editor = new GraphEditor(g, run.ids());
  let changed = false;
  for (const n of g.nodes) {
    if (!subgraphsOf(n).length) continue;
    const attributes = n.attributes.map((a): Attribute => {
      if (a.type === 'graph') {
        const sub = rewriteGraph(run, a.value, false, visible);
        return sub === a.value ? a : { ...a, value: sub };
      }
      if (a.type === 'graphs') {
        const subs = a.value.map((s) => rewriteGraph(run, s, false, visible));
        return subs.every((s, i) => s === a.value[i]) ? a : { ...a, value: subs };
      }
      return a;
    });
    if (attributes.some((a, i) => a !== n.attributes[i])) {
      editor.setAttributes(n.id, attributes);
      changed = true;
    }
  }
  return changed ? editor.apply().graph : g;
}

/** Adds the functions new nodes call. */
function withFunctions(model: Model, added: ReadonlyMap<string, FunctionDef>): Model {
  if (!added.size) return model;
  const have = new Set(model.functions.map(functionKey));
  return { ...model, functions: [...model.functions, ...[...added].filter(([k]) => !have.has(k)).map(([, f]) => f)] };
}

function domainsUsed(g: Graph, out: Set<string>): Set<string> {
  for (const n of g.nodes) {
    if (n.domain && n.domain !== 'ai.onnx') out.add(n.domain);
    for (const sub of subgraphsOf(n)) domainsUsed(sub, out);
  }
  return out;
}

/** New nodes in com.microsoft or kiln need those domains imported (version 1) for the file to load. */
function withOpsetImports(model: Model): Model {
  const have = new Set(model.opsetImports.map((o) => (o.domain === 'ai.onnx' ? '' : o.domain)));
  const missing = [...domainsUsed(model.graph, new Set())].filter((d) => !have.has(d));
  return missing.length ? { ...model, opsetImports: [...model.opsetImports, ...missing.map((domain) => ({ domain, version: 1 }))] } : model;
}

export interface PassMeta {
  readonly id: string;
  readonly title: string;
  readonly description: string;
}

/** A pass made of rules, run to a fixed point by the shared driver. */
export function rulePass(meta: PassMeta, rules: readonly Rule[], options: RulePassOptions = {}): Pass {
  const byOp = new Map<string, Rule[]>();
  for (const rule of rules) {
    if (!rule.name.startsWith(`${meta.id}/`)) throw new Error(`rule ${rule.name} does not belong to pass ${meta.id}`);
    for (const t of rule.pattern.opTypes) byOp.set(t, [...(byOp.get(t) ?? []), rule]);
  }
  return {
    ...meta,
    run(model: Model, passCtx: PassContext = {}): PassResult {
      let ids: NodeIds | undefined;
      let names: ValueNames | undefined;
      const run: Run = { model, byOp, ids: () => (ids ??= new NodeIds(model)), names: () => (names ??= new ValueNames(model)), log: new RewriteLog(), options, passCtx, functions: new Map() };
      const graph = rewriteGraph(run, model.graph, true, new Map());
      const result = withOpsetImports(withFunctions(withGraph(model, graph), run.functions));
      deriveTypes(result, model);
      return { model: result, changes: run.log.finish(model, result) };
    },
  };
}
