// The inference driver: walks a graph in topological order, runs each node's rule (or infers a
// model-local function body), fills gaps from declared types, and propagates known values.
import { indexGraph, opsetVersion, qualifiedOpType, topologicalOrder } from '../graph.ts';
import type { FunctionDef, Graph, Model, Node, OpsetImport, ValueType } from '../types.ts';
import type { Diagnostic } from '../verify.ts';
import { makeContext } from './context.ts';
import { inferFunctionCall, type CallOutputs } from './function-call.ts';
import { mergeDeclared } from './merge-types.ts';
import type { KnownValue } from './known-value.ts';
import { InferError, type InferContext, type OutputTypes, type SubgraphOptions } from './rule.ts';
import { lookupRule, lookupValueRule } from './rules/index.ts';
import { Scope } from './scope.ts';

/** Opset assumed for a domain the model does not import (only invalid models get here). */
const DEFAULT_OPSETS: Readonly<Record<string, number>> = { '': 23, 'ai.onnx.ml': 5, 'com.microsoft': 1 };
const MAX_CALL_DEPTH = 32;

export class InferSession {
  readonly diagnostics: Diagnostic[] = [];
  private freshCount = 0;
  private unreachableDepth = 0;
  private conditionalDepth = 0;
  private callDepth = 0;
  private readonly functions = new Map<string, FunctionDef>();
  /** A Loop body is inferred twice when a carried value changes shape: report things once. */
  private readonly reported = new Set<string>();

  constructor(readonly model: Model) {
    // Overloads (IR 10) tell functions of one name apart: kiln.FusedElementwise has one per expression.
    for (const f of model.functions) this.functions.set(`${f.domain}::${f.name}:${f.overload ?? ''}`, f);
  }

  fresh = (): string => `unk_${this.freshCount++}`;

  report(diagnostic: Diagnostic): void {
    // In a branch that may not run, an inconsistency is only a warning: the model can still be fine.
    const d: Diagnostic =
      this.conditionalDepth > 0 && diagnostic.severity === 'error' ? { ...diagnostic, severity: 'warning', message: `${diagnostic.message} (in an If branch that may not run)` } : diagnostic;
    const key = `${d.nodeId}\u0000${d.message}`;
    if (this.unreachableDepth > 0 || this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push(d);
  }

  /**
   * Infers every node of g into scope and returns the types of g's outputs. Graph inputs must
   * already be bound in scope (the caller knows whether they come from the file, an override or
   * an enclosing node); initializers are bound here.
   */
  inferGraph(g: Graph, scope: Scope, opsets: readonly OpsetImport[], initializersAreConstant = true): OutputTypes {
    const inputNames = new Set(g.inputs.map((v) => v.name));
    for (const t of g.initializers) {
      if (!scope.type(t.name)) scope.setType(t.name, { kind: 'tensor', dtype: t.dtype, shape: t.dims });
      // An initializer that is also a graph input is only a default (IR >= 4): not a constant.
      if (initializersAreConstant || !inputNames.has(t.name)) scope.setConstant(t.name, t);
    }
    const topo = topologicalOrder(g);
    let order = g.nodes;
    if ('cycle' in topo) {
      this.report({ severity: 'error', nodeId: topo.cycle[0]?.id, message: `cycle through ${topo.cycle.map((n) => n.id).join(' -> ')}: shapes inferred in file order` });
    } else order = topo.order;
    const declared = indexGraph(g).declaredType;
    for (const n of order) this.inferNode(n, scope, opsets, declared);
    return g.outputs.map((o) => mergeDeclared(scope.type(o.name), o.type).type);
  }

  inferSubgraph(g: Graph, scope: Scope, opsets: readonly OpsetImport[], inputTypes: readonly (ValueType | undefined)[], options: SubgraphOptions = {}): OutputTypes {
    g.inputs.forEach((v, k) => {
      scope.setType(v.name, mergeDeclared(inputTypes[k], v.type).type);
      scope.setValue(v.name, options.inputValues?.[k]);
    });
    const unreachable = options.unreachable ? 1 : 0;
    const conditional = options.conditional ? 1 : 0;
    this.unreachableDepth += unreachable;
    this.conditionalDepth += conditional;
    try {
      return this.inferGraph(g, scope, opsets);
    } finally {
      this.unreachableDepth -= unreachable;
      this.conditionalDepth -= conditional;
    }
  }

  private inferNode(n: Node, scope: Scope, opsets: readonly OpsetImport[], declared: ReadonlyMap<string, ValueType>): void {
    const domain = n.domain === 'ai.onnx' ? '' : n.domain;
    const opset = opsetVersion(opsets, domain) ?? DEFAULT_OPSETS[domain] ?? 1;
    const where = `node '${n.id}' (${qualifiedOpType(n)})`;
    const ctx = makeContext(n, opset, scope, {
      fresh: this.fresh,
      warn: (node, message) => this.report({ severity: 'warning', nodeId: node.id, message: `${where}: ${message}` }),
      inferSubgraph: (g, s, types, options) => this.inferSubgraph(g, s, opsets, types, options),
    });
    let outputs: OutputTypes = [];
    let callValues: readonly (KnownValue | undefined)[] = [];
    const rule = lookupRule(domain, n.opType);
    const fn = this.functions.get(`${n.domain}::${n.opType}:${n.overload ?? ''}`);
    try {
      if (fn && (domain !== '' || !rule)) ({ types: outputs, values: callValues } = this.inferCall(fn, n, scope));
      else if (rule) outputs = rule(ctx);
      else this.report({ severity: 'warning', nodeId: n.id, message: `${where}: no shape inference for this operator; its outputs have no inferred types` });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof InferError) this.report({ severity: 'error', nodeId: n.id, message: `${where}: ${message}` });
      else this.report({ severity: 'warning', nodeId: n.id, message: `${where}: shape inference failed: ${message}` });
      outputs = [];
    }
    const finalTypes = n.outputs.map((o, k) => {
      if (!o) return undefined;
      const merged = mergeDeclared(outputs[k], declared.get(o));
      if (merged.conflict) this.report({ severity: 'warning', nodeId: n.id, message: `${where}: output '${o}': ${merged.conflict}` });
      scope.setType(o, merged.type);
      scope.setValue(o, undefined);
      return merged.type;
    });
    this.propagateValues(n, domain, ctx, finalTypes, scope);
    callValues.forEach((v, k) => {
      const o = n.outputs[k];
      if (o && v) scope.setValue(o, v);
    });
  }

  private propagateValues(n: Node, domain: string, ctx: InferContext, outputs: OutputTypes, scope: Scope): void {
    const valueRule = lookupValueRule(domain, n.opType);
    if (!valueRule) return;
    try {
      const values = valueRule(ctx, outputs);
      values?.forEach((v, k) => {
        const o = n.outputs[k];
        if (o && v) scope.setValue(o, v);
      });
    } catch {
      // A value that cannot be computed stays unknown; the type rule already reported problems.
    }
  }

  private inferCall(fn: FunctionDef, n: Node, scope: Scope): CallOutputs {
    if (this.callDepth >= MAX_CALL_DEPTH) throw new InferError(`function calls nest deeper than ${MAX_CALL_DEPTH} (recursive function?)`);
    this.callDepth++;
    try {
      return inferFunctionCall(this, fn, n, scope, this.model.opsetImports);
    } finally {
      this.callDepth--;
    }
  }
}
