// What the vision kernel tests share: run a model on Dawn (SwiftShader) and onnxruntime, assert
// every output within a relative L2 bound and the variant of the kernel under test. `nhwc` first
// runs the to-nhwc pass, so the kiln.Nhwc* kernels are checked against onnxruntime running the
// original op (the pass's model-local functions are standard ONNX for it).
import { expect } from 'vitest';
import { toAttributes, type AttrInput } from '../../../ir/builder.ts';
import type { Model, Tensor } from '../../../ir/types.ts';
import { checkOnGpu } from '../../../node/kernel-check.ts';
import { toNhwc } from '../../../passes/layout/to-nhwc.ts';
import type { AdapterOverrides } from '../../compile.ts';

export interface ExpectOptions {
  readonly variant?: RegExp;
  readonly adapter?: AdapterOverrides;
  /** Relative L2 bound; default 1e-5 (float32). */
  readonly tolerance?: number;
  readonly nhwc?: boolean;
  /** The kernel under test runs in place (its output overwrites an input it was the last to read). */
  readonly inPlace?: boolean;
}

/** Compiles, runs and compares every output; checks the variant of one of the plan's kernels. */
export async function expectMatchesOrt(model: Model, inputs: readonly Tensor[], options: ExpectOptions = {}): Promise<void> {
  const m = options.nhwc ? toNhwc.run(model).model : model;
  if (options.nhwc) expect(m.graph.nodes.some((n) => n.domain === 'kiln')).toBe(true);
  const check = await checkOnGpu(m, inputs, options.adapter ? { adapter: options.adapter } : {});
  const variants = check.compiled.plan.kernels.map((k) => k.variant);
  try {
    for (const cmp of check.comparisons) {
      expect(cmp.problem).toBeUndefined();
      expect(cmp.relL2).toBeLessThanOrEqual(options.tolerance ?? 1e-5);
    }
    if (options.variant) expect(variants.some((v) => options.variant!.test(v)), `variants: ${variants.join(', ')}`).toBe(true);
    if (options.inPlace !== undefined) expect(check.compiled.plan.kernels.some((k) => k.inPlace !== undefined)).toBe(options.inPlace);
  } finally {
    check.compiled.destroy();
  }
}

/** The one-node model's node recast as another op (a contrib or kiln op), with extra attributes. */
export function recastNode(model: Model, opType: string, domain: string, attrs: Record<string, AttrInput> = {}, opset?: number): Model {
  const [node, ...rest] = model.graph.nodes;
  const extra = toAttributes(attrs);
  const recast = { ...node!, opType, domain, attributes: [...node!.attributes.filter((a) => !(a.name in attrs)), ...extra] };
  const imports = model.opsetImports.filter((o) => o.domain !== domain && (opset === undefined || o.domain !== ''));
  if (opset !== undefined) imports.push({ domain: '', version: opset });
  if (domain) imports.push({ domain, version: 1 });
  return { ...model, opsetImports: imports, graph: { ...model.graph, nodes: [recast, ...rest] } };
}
