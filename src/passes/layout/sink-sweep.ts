// One topological sweep of sink-transposes. At each node that reads a Transpose, either move the
// Transpose below it (when that lowers the count: onnxruntime's transpose optimizer uses the same
// kind of estimate) or note why not; at each Transpose, cancel or merge it with a Transpose above,
// fold it into a constant, or share a twin. Moved Transposes travel with the sweep, so a chain
// NHWC op → Relu → Add → NHWC op collapses in one pass.
import type { Attribute } from '../../ir/types.ts';
import type { Explanation } from '../pass.ts';
import { describeTensor, formatShape } from '../support/describe.ts';
import { sinkHandler, type HandlerEnv, type SinkPlan } from './sink-handlers.ts';
import { InputBuilder, rankOf, routeInput, transposePerm, type InputRoute } from './sink-inputs.ts';
import { SINK_RULES, foldTransposeOfConstant } from './sink-fold.ts';
import { composePerms, formatPerm, invertPerm, isIdentityPerm, permuteDims, samePerm, TO_NCHW, TO_NHWC } from './perm.ts';
import type { WNode, WorkGraph } from './work-graph.ts';

export const label = (n: WNode) => `${n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.` : ''}${n.opType} ${n.id}`;
const plural = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;

function describeAttribute(a: Attribute | undefined): string {
  if (!a) return 'unset';
  return a.type === 'int' || a.type === 'float' ? String(a.value) : a.type === 'ints' || a.type === 'floats' ? formatPerm(a.value) : a.type;
}

export class Sweep {
  readonly explanations: Explanation[] = [];
  /** Why each Transpose still standing stayed: the last reader that declined it. */
  readonly notes = new Map<WNode, string>();
  readonly inputs: InputBuilder;
  private readonly env: HandlerEnv;
  private readonly twins = new Map<string, WNode>();

  constructor(
    private readonly wg: WorkGraph,
    /** Values from which a path through movable ops reaches a Transpose: a Transpose moved there can meet it. */
    private readonly leadsToTranspose: ReadonlySet<string>,
  ) {
    this.inputs = new InputBuilder(wg);
    this.env = { opset: wg.opset, constant: (v) => wg.constant(v), rank: (v) => rankOf(wg, v), shape: (v) => wg.shape(v) };
  }

  visit(n: WNode): void {
    if (n.removed) return;
    if (n.opType === 'Transpose' && (n.domain === '' || n.domain === 'ai.onnx')) return this.visitTranspose(n);
    for (let k = 0; k < n.inputs.length; k++) {
      const t = n.inputs[k] ? this.wg.producer(n.inputs[k]!) : undefined;
      const perm = t ? transposePerm(this.wg, t) : undefined;
      if (!t || !perm) continue;
      const verdict = this.tryPush(n, t, perm, k);
      if (verdict === true) return;
      this.notes.set(t, verdict);
    }
  }

  /** A Transpose likely to disappear once moved: every reader can take it further, or cancels it. */
  private removable(t: WNode): boolean {
    const out = t.outputs[0]!;
    return !this.wg.isGraphOutput(out) && this.wg.consumers(out).every((c) => !c.opaque && (c.opType === 'Transpose' || sinkHandler(c) !== undefined));
  }

  /** Who keeps a Transpose alive: readers it cannot move below, or the graph output it is. */
  private keepers(t: WNode): string {
    const out = t.outputs[0]!;
    const readers = this.wg.consumers(out).filter((c) => c.opaque || (c.opType !== 'Transpose' && !sinkHandler(c)));
    const names = [...readers.map(label), ...(this.wg.isGraphOutput(out) ? [`graph output ${out}`] : [])];
    return names.length > 2 ? `${names.slice(0, 2).join(', ')} and ${names.length - 2} more` : names.join(' and ');
  }

  private tryPush(n: WNode, t: WNode, perm: readonly number[], k: number): true | string {
    const handler = n.opaque ? undefined : sinkHandler(n);
    if (!handler && n.domain === 'kiln' && samePerm(perm, TO_NHWC)) return `it feeds ${label(n)} its NHWC input: an NHWC region starts here`;
    if (!handler) return `its reader ${label(n)} is layout-sensitive, so the Transpose cannot move below it`;
    const plan = handler(n, perm, this.env);
    if (typeof plan === 'string') return `it cannot move below ${label(n)}: ${plan}`;
    if (!plan.inputs.includes(k)) return `${label(n)} reads it as input ${k}, which does not follow the layout`;
    const q = invertPerm(perm);
    const routes = new Map<number, InputRoute>();
    let removes = 0;
    let adds = 0;
    for (const j of plan.inputs) {
      const v = n.inputs[j];
      if (!v) continue;
      const route = routeInput(this.wg, v, q, plan.broadcast ?? false);
      if (!route) return `it cannot move below ${label(n)}: the rank of its input ${v} is unknown or too large`;
      routes.set(j, route);
      if (route.kind === 'compose' && isIdentityPerm(route.perm) && this.removable(route.transpose)) removes++;
      if (route.kind === 'transpose') adds++;
    }
    const moved = (p: readonly number[] | null, o: number) => !!p && !isIdentityPerm(p) && !!n.outputs[o] && this.wg.isRead(n.outputs[o]!);
    const stranded = plan.outputs.filter((p, o) => moved(p, o) && !this.leadsToTranspose.has(n.outputs[o]!)).length;
    const cost = adds + stranded - removes;
    if (cost > 0 || (cost === 0 && (removes === 0 || stranded > 0))) {
      if (!this.removable(t)) return `moving it below ${label(n)} would not remove it: ${this.keepers(t)} also read${this.keepers(t).includes(' and ') ? '' : 's'} it and cannot take it further`;
      return `moving it below ${label(n)} would not lower the count: it cancels ${plural(removes, 'Transpose')}, adds ${plural(adds, 'Transpose')} on other inputs and leaves ${stranded} after outputs that meet no other Transpose`;
    }
    this.push(n, t, perm, plan, routes);
    return true;
  }

  private push(n: WNode, t: WNode, perm: readonly number[], plan: SinkPlan, routes: ReadonlyMap<number, InputRoute>): void {
    const wg = this.wg;
    const q = invertPerm(perm);
    const first = wg.nodes.length;
    const details: string[] = [];
    for (const [j, route] of routes) {
      const v = n.inputs[j]!;
      const nv = this.inputs.build(v, q, route, [n.id]);
      wg.setInput(n, j, nv);
      const d = describeRoute(wg, v, nv, route);
      if (d) details.push(d);
    }
    for (const [j, tensor] of plan.constants ?? []) {
      const old = n.inputs[j] ?? '';
      const name = wg.addInitializer(`${old || `${n.id}_input${j}`}_t`, tensor);
      wg.setInput(n, j, name);
      details.push(`its ${old ? `input ${old}` : `input ${j}`} becomes ${describeTensor(wg.newInitializers.get(name)!)}`);
    }
    if (plan.attributes) {
      for (const a of plan.attributes) {
        const old = n.attributes.find((x) => x.name === a.name);
        if (describeAttribute(old) !== describeAttribute(a)) details.push(`${a.name} ${describeAttribute(old)} → ${describeAttribute(a)}`);
      }
      wg.setAttributes(n, plan.attributes);
    }
    plan.outputs.forEach((p, o) => {
      const y = n.outputs[o];
      if (!y || !p || isIdentityPerm(p)) return;
      const inner = wg.freshValue(samePerm(p, TO_NCHW) ? `${y}_nhwc` : `${y}_t`);
      const s = wg.shape(y);
      wg.setShape(inner, s ? permuteDims(s, invertPerm(p)) : undefined);
      // Renamed even when unread: the old name (and any declared type of it) meant the old layout.
      wg.renameOutput(n, o, inner);
      if (!wg.isRead(y)) return;
      wg.addNode({ opType: 'Transpose', inputs: [inner], outputs: [y], attributes: [{ name: 'perm', type: 'ints', value: [...p] }], provenance: [n.id], id: `${n.id}/Transpose` });
      details.push(`a Transpose ${formatPerm(p)} after it restores ${y}`);
    });
    if (!wg.isRead(t.outputs[0]!)) {
      wg.removeNode(t);
      details.push(`Transpose ${t.id} has no readers left`);
    }
    // Whether `n` keeps its id is decided at commit (commit.ts): its id is looked up then.
    const made = wg.nodes.slice(first);
    const explanation = { rule: SINK_RULES.push, message: `moved Transpose ${t.id} ${formatPerm(perm)} below ${label(n)}: ${details.join('; ')}`, matched: [t.id, n.id] };
    this.explanations.push({ ...explanation, get produced() { return [wg.idOf(n), ...made.map((x) => x.id)]; } });
  }

  private visitTranspose(m: WNode): void {
    const wg = this.wg;
    let perm = transposePerm(wg, m);
    if (!perm) return;
    const above = wg.producer(m.inputs[0]!);
    const abovePerm = above ? transposePerm(wg, above) : undefined;
    if (above && abovePerm && abovePerm.length === perm.length) {
      const composed = composePerms(abovePerm, perm);
      const from = above.inputs[0]!;
      const out = m.outputs[0]!;
      if (isIdentityPerm(composed)) {
        if (wg.replaceUses(out, from)) wg.removeNode(m);
      } else {
        wg.setInput(m, 0, from);
        wg.setAttributes(m, [{ name: 'perm', type: 'ints', value: composed }]);
      }
      const gone = !wg.isRead(above.outputs[0]!);
      if (gone) wg.removeNode(above);
      const rest = gone ? `; Transpose ${above.id} has no readers left` : '';
      this.explanations.push(
        isIdentityPerm(composed)
          ? { rule: SINK_RULES.cancel, message: `Transpose ${above.id} ${formatPerm(abovePerm)} and Transpose ${m.id} ${formatPerm(perm)} cancel: readers of ${out} now read ${from}${rest}`, matched: [above.id, m.id], produced: [] }
          : { rule: SINK_RULES.merge, message: `merged Transpose ${above.id} ${formatPerm(abovePerm)} and Transpose ${m.id} ${formatPerm(perm)} into one Transpose ${formatPerm(composed)} of ${from}${rest}`, matched: [above.id, m.id], produced: [wg.idOf(m)] },
      );
      if (m.removed) return;
      perm = composed;
    }
    const folded = foldTransposeOfConstant(wg, m, perm);
    if (folded) return void this.explanations.push(folded);
    const src = m.inputs[0]!;
    if (isIdentityPerm(perm)) {
      if (wg.replaceUses(m.outputs[0]!, src)) wg.removeNode(m);
      this.explanations.push({ rule: SINK_RULES.identity, message: `removed Transpose ${m.id}: perm ${formatPerm(perm)} keeps every axis in place`, matched: [m.id], produced: [] });
      return;
    }
    const key = `${src}|${perm.join(',')}`;
    const twin = this.twins.get(key);
    if (twin && !twin.removed && twin !== m) {
      if (wg.replaceUses(m.outputs[0]!, twin.outputs[0]!)) wg.removeNode(m);
      this.explanations.push({ rule: SINK_RULES.duplicate, message: `Transpose ${m.id} repeats Transpose ${twin.id} (same input ${src}, same perm ${formatPerm(perm)}): its readers now share ${twin.outputs[0]}`, matched: [m.id, twin.id], produced: [] });
      return;
    }
    this.twins.set(key, m);
  }
}

function describeRoute(wg: WorkGraph, v: string, nv: string, route: InputRoute): string | undefined {
  switch (route.kind) {
    case 'compose':
      return isIdentityPerm(route.perm) ? `it reads ${nv} instead of ${v}` : `${v} reaches it through one merged Transpose ${formatPerm(route.perm)}`;
    case 'as-is':
      return undefined;
    case 'constant':
      return `constant ${v} ${formatShape(route.tensor.dims)} becomes ${nv} ${formatShape(wg.shape(nv) ?? [])}`;
    case 'constant-of-shape':
      return `ConstantOfShape ${route.node.id} is rebuilt with shape ${formatShape(route.dims)}`;
    case 'reshape':
      return `${v} is reshaped to ${formatShape(route.dims)} (only size-1 axes move)`;
    case 'transpose':
      return `a Transpose is inserted on ${v}`;
  }
}
