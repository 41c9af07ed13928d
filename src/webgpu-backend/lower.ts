// Graph -> kernels: walks the nodes in topological order with concrete shapes, turning each node
// into a kernel, a view of another value's buffer, or a constant to upload. No GPU calls here.
import { InputError } from '../ir/errors.ts';
import { runtimeInputs, topologicalOrder } from '../ir/graph.ts';
import { numElements } from '../ir/tensor.ts';
import type { Model, Tensor } from '../ir/types.ts';
import { constantValue, isTensor } from './constants.ts';
import { pipelineKey } from './kernel-key.ts';
import type { OpContext } from './op-def.ts';
import { OPS } from './ops.ts';
import { aiOnnxOpset, findUnsupportedNodes, unsupportedError } from './target.ts';
import type { CompileOptions, KernelInfo } from './types.ts';

export interface LoweredKernel {
  readonly info: KernelInfo;
  /** Uniform buffer contents (run-time dispatch data). */
  readonly params: Uint32Array;
}

export interface LoweredModel {
  readonly kernels: readonly LoweredKernel[];
  readonly shapes: ReadonlyMap<string, readonly number[]>;
  /** View value -> the value whose buffer it reads (never itself a view). */
  readonly aliases: ReadonlyMap<string, string>;
  /** float32 constants read by kernels or returned as outputs: uploaded once. */
  readonly weights: ReadonlyMap<string, Tensor>;
  /** Runtime graph inputs in graph order. */
  readonly inputs: readonly { readonly name: string; readonly dims: readonly number[] }[];
  /** Graph output names, in order. */
  readonly outputs: readonly string[];
}

function resolveInputShapes(model: Model, options: CompileOptions): { name: string; dims: number[] }[] {
  const inputs = runtimeInputs(model.graph);
  for (const name of Object.keys(options.inputShapes)) {
    if (!inputs.some((v) => v.name === name)) throw new InputError(`inputShapes names '${name}', which is not an input of the graph`);
  }
  return inputs.map((v) => {
    const declared = v.type?.kind === 'tensor' ? v.type.shape : undefined;
    const given = options.inputShapes[v.name];
    if (!given) {
      if (declared && declared.every((d): d is number => typeof d === 'number' && d >= 0)) return { name: v.name, dims: [...declared] };
      throw new InputError(`input '${v.name}' has no concrete shape: give it in inputShapes`);
    }
    if (given.some((d) => !Number.isInteger(d) || d < 0)) throw new InputError(`input '${v.name}': shape [${given}] is not a list of sizes`);
    const clash = declared && (declared.length !== given.length || declared.some((d, i) => typeof d === 'number' && d >= 0 && d !== given[i]));
    if (clash) throw new InputError(`input '${v.name}': shape [${given}] does not fit its declared shape [${declared.map((d) => d ?? '?')}]`);
    return { name: v.name, dims: [...given] };
  });
}

export function lowerModel(model: Model, options: CompileOptions): LoweredModel {
  const unsupported = findUnsupportedNodes(model);
  if (unsupported.length) throw unsupportedError(unsupported);
  const g = model.graph;
  const sorted = topologicalOrder(g);
  if ('cycle' in sorted) throw new InputError(`the graph has a cycle through ${sorted.cycle.map((n) => n.id).join(' -> ')}`);
  const opset = aiOnnxOpset(model);
  const inputs = resolveInputShapes(model, options);

  const shapes = new Map<string, readonly number[]>(inputs.map((i) => [i.name, i.dims]));
  const constants = new Map<string, Tensor>(g.initializers.map((t) => [t.name, t]));
  for (const t of g.initializers) shapes.set(t.name, t.dims);
  const aliases = new Map<string, string>();
  const root = (name: string) => aliases.get(name) ?? name;
  const kernels: LoweredKernel[] = [];

  for (const node of sorted.order) {
    const out = node.outputs.find((o) => o !== '')!;
    if (node.opType === 'Constant') {
      const value = constantValue(node);
      if (!isTensor(value)) throw new InputError(`Constant (${node.id}): ${value.reason}`, node.id);
      constants.set(out, value);
      shapes.set(out, value.dims);
      continue;
    }
    const def = OPS[node.opType]!;
    const ctx: OpContext = {
      node,
      opset,
      inputs: node.inputs.map((name) => {
        if (!name) return undefined;
        const dims = shapes.get(name);
        if (!dims) throw new InputError(`${node.opType} (${node.id}): input '${name}' is not produced by any node`, node.id);
        const constant = constants.get(root(name));
        return constant ? { dims, constant } : { dims };
      }),
    };
    const outDims = def.outputShape(ctx);
    shapes.set(out, outDims);
    if (numElements(outDims) > 0x7fffffff) throw new InputError(`${node.opType} (${node.id}): output [${outDims}] is too large`, node.id);
    if (def.kind === 'view') {
      aliases.set(out, root(node.inputs[0]!));
      continue;
    }
    const source = def.generate!(ctx, outDims);
    const bound = node.inputs.slice(0, source.inputCount).map(root);
    kernels.push({
      info: {
        id: node.id,
        nodeIds: [node.id],
        opType: node.opType,
        wgsl: source.wgsl,
        workgroups: source.workgroups,
        variant: source.variant,
        inputs: bound,
        output: out,
        pipelineKey: pipelineKey(source.wgsl, source.inputCount),
      },
      params: source.params,
    });
  }

  const outputs = g.outputs.map((o) => o.name);
  for (const name of outputs) {
    if (!shapes.has(name)) throw new InputError(`graph output '${name}' is not produced by any node`);
    const c = constants.get(root(name));
    if (c && c.dtype !== 'float32') throw new InputError(`graph output '${name}' is ${c.dtype}; only float32 is supported`);
  }
  const weights = new Map<string, Tensor>();
  for (const name of [...kernels.flatMap((k) => k.info.inputs), ...outputs.map(root)]) {
    const c = constants.get(name);
    if (!c) continue;
    if (c.data.kind !== 'raw') throw new InputError(`weight '${name}' holds ${c.data.kind} data that was not loaded`);
    weights.set(name, c);
  }
  return { kernels, shapes, aliases, weights, inputs, outputs };
}
