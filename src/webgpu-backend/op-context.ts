// The OpContext a generator receives: each input and output of the node with its static dims,
// dtype, GPU representation and (for inputs) its compile-time value. Values without a static
// shape or with an error from shape inference stop lowering here, naming the node.
import type { Model, Node } from '../ir/types.ts';
import type { AdapterProfile } from './adapter-profile.ts';
import type { ModelFacts } from './analyze.ts';
import { requireGpuDtype } from './gpu-dtype.ts';
import { formatDims, shapeError, type OpContext, type OutputInfo, type TensorInfo } from './op-def.ts';

export class ContextBuilder {
  private readonly used: Set<string>;

  constructor(
    model: Model,
    private readonly facts: ModelFacts,
    private readonly profile: AdapterProfile,
  ) {
    // Readers are the nodes lowered (If branches inlined, control-flow.ts) and run-time If conditions.
    const reads = facts.order.flatMap((n) => n.inputs);
    this.used = new Set([...reads, ...facts.runtimeIfs.map((r) => r.cond), ...model.graph.outputs.map((o) => o.name)]);
  }

  tensor(node: Node, name: string, role: string): TensorInfo {
    const dims = this.facts.staticDims(name);
    const dtype = this.facts.dtypeOf(name);
    if (!dims) throw shapeError(node, `the shape of ${role} '${name}' is not known at compile time`);
    if (!dtype) throw shapeError(node, `the dtype of ${role} '${name}' is not known`);
    const constant = this.facts.constants.get(name);
    return { name, dims, dtype, gpu: requireGpuDtype(dtype, this.profile), ...(constant ? { constant } : {}) };
  }

  /** Throws shape inference's error for the node, if it had one. */
  checkInference(node: Node): void {
    const error = this.facts.errors.get(node.id);
    if (error) throw shapeError(node, error);
  }

  context(node: Node): OpContext {
    this.checkInference(node);
    const inputs = node.inputs.map((name, i) => (name ? this.tensor(node, name, `input ${i}`) : undefined));
    const outputs = node.outputs.map((name, j): OutputInfo | undefined => {
      if (!name) return undefined;
      const used = this.used.has(name);
      // An output nobody reads may lack a static shape (training-only outputs): it is left out.
      if (!used && !this.facts.staticDims(name)) return undefined;
      return { ...this.tensor(node, name, `output ${j}`), used };
    });
    for (const out of outputs) {
      if (out && out.dims.reduce((p, d) => p * d, 1) > 0x7fffffff) throw shapeError(node, `output ${formatDims(out.dims)} is too large`);
    }
    return { node, opset: this.facts.opset, inputs, outputs, profile: this.profile };
  }
}
