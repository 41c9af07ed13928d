// Giving one input of a node in another layout, as cheaply as the graph allows. When a Transpose
// with perm P moves below a node, each of the node's other layout-following inputs must be
// transposed by P⁻¹. In order of preference:
//   - it comes out of a Transpose: compose the two perms (the pair cancels when they are inverse);
//   - it broadcasts (fewer axes) and already lines up: leave it;
//   - it is a constant: store it re-laid out (or just re-shaped, when only size-1 axes move);
//   - it is a ConstantOfShape of a constant shape: the same op with the shape permuted;
//   - its shape is static and only size-1 axes move: a Reshape (no data movement);
//   - otherwise a new Transpose (after an Unsqueeze when it has fewer axes).
import { tensorFromNumbers, tensorToNumbers } from '../../ir/tensor.ts';
import type { Attribute, Dim, Tensor } from '../../ir/types.ts';
import { composePerms, isIdentityPerm, isPermutation, movesOnlyUnitDims, permuteDims, permuteTensor, samePerm, TO_NHWC, unsqueezeLeading } from './perm.ts';
import type { WNode, WorkGraph } from './work-graph.ts';

export type InputRoute =
  | { readonly kind: 'compose'; readonly transpose: WNode; readonly perm: readonly number[] }
  | { readonly kind: 'as-is' }
  | { readonly kind: 'constant'; readonly tensor: Tensor }
  | { readonly kind: 'constant-of-shape'; readonly node: WNode; readonly dims: readonly number[] }
  | { readonly kind: 'reshape'; readonly source: string; readonly dims: readonly number[] }
  | { readonly kind: 'transpose'; readonly rank: number };

const isDefault = (n: WNode) => n.domain === '' || n.domain === 'ai.onnx';

/** The perm of a Transpose node (its default reverses the axes, which needs the rank). */
export function transposePerm(wg: WorkGraph, n: WNode): readonly number[] | undefined {
  if (n.opType !== 'Transpose' || !isDefault(n)) return undefined;
  const a = n.attributes.find((x) => x.name === 'perm');
  if (a?.type === 'ints') return isPermutation(a.value) ? a.value : undefined;
  const rank = wg.shape(n.inputs[0]!)?.length;
  return rank === undefined ? undefined : Array.from({ length: rank }, (_, i) => rank - 1 - i);
}

export function rankOf(wg: WorkGraph, v: string): number | undefined {
  return wg.shape(v)?.length ?? wg.constant(v)?.dims.length;
}

function stripLeadingOnes(dims: readonly Dim[]): string {
  let k = 0;
  while (k < dims.length && dims[k] === 1) k++;
  return dims.slice(k).join(',');
}

function staticDims(dims: readonly Dim[] | undefined): number[] | undefined {
  return dims && dims.every((d): d is number => typeof d === 'number' && d >= 0) ? [...dims] : undefined;
}

/** The ConstantOfShape node producing `v` from a constant shape, with that shape. */
function constantOfShape(wg: WorkGraph, v: string): { node: WNode; dims: number[] } | undefined {
  const p = wg.producer(v);
  if (!p || p.opType !== 'ConstantOfShape' || !isDefault(p)) return undefined;
  const shape = wg.constant(p.inputs[0] ?? '');
  return shape ? { node: p, dims: Array.from(tensorToNumbers(shape)) } : undefined;
}

const SAME_ORDER = new Set(['Reshape', 'Unsqueeze', 'Squeeze', 'Flatten', 'Identity']);

/** The value `v` re-shapes without moving elements (through Reshape, Unsqueeze, Squeeze, Flatten). */
function reshapeSource(wg: WorkGraph, v: string): string {
  for (let p = wg.producer(v); p && isDefault(p) && SAME_ORDER.has(p.opType) && p.inputs[0]; p = wg.producer(v)) v = p.inputs[0];
  return v;
}

/** How input `v` would be given transposed by `q` (as a rank-`rank` operand); undefined when its rank is unknown. */
export function routeInput(wg: WorkGraph, v: string, q: readonly number[], broadcast: boolean): InputRoute | undefined {
  const rank = q.length;
  const own = rankOf(wg, v);
  if (own === undefined || own > rank || (own < rank && !broadcast)) return undefined;
  const p = wg.producer(v);
  const pPerm = p && own === rank ? transposePerm(wg, p) : undefined;
  if (p && pPerm) return { kind: 'compose', transpose: p, perm: composePerms(pPerm, q) };
  const c = wg.constant(v);
  const dims = c ? c.dims : wg.shape(v);
  if (dims && own < rank) {
    const full = [...new Array<Dim>(rank - own).fill(1), ...dims];
    // Leading size-1 axes do not change how an operand broadcasts.
    if (dims.every((d) => d !== null) && stripLeadingOnes(permuteDims(full, q)) === stripLeadingOnes(dims)) return { kind: 'as-is' };
  }
  if (c) return { kind: 'constant', tensor: c };
  const cos = constantOfShape(wg, v);
  if (cos && cos.dims.length <= rank) return { kind: 'constant-of-shape', node: cos.node, dims: permuteDims([...new Array<number>(rank - cos.dims.length).fill(1), ...cos.dims], q) };
  const known = staticDims(dims);
  const full = known && [...new Array<number>(rank - own).fill(1), ...known];
  if (full && movesOnlyUnitDims(full, q)) {
    // Only size-1 axes move: what matters is where the elements come from, perhaps a constant.
    const target = permuteDims(full, q);
    const source = reshapeSource(wg, v);
    const base = wg.constant(source);
    if (base) return { kind: 'constant', tensor: { ...base, dims: full } };
    const generator = constantOfShape(wg, source);
    if (generator) return { kind: 'constant-of-shape', node: generator.node, dims: target };
    return { kind: 'reshape', source, dims: target };
  }
  return { kind: 'transpose', rank: own };
}

const perm = (p: readonly number[]): Attribute => ({ name: 'perm', type: 'ints', value: [...p] });

/** Builds what a route describes; returns the value that now carries the input in the new layout. */
export class InputBuilder {
  private readonly cache = new Map<string, string>();

  constructor(private readonly wg: WorkGraph) {}

  private stem(v: string, q: readonly number[]): string {
    return samePerm(q, TO_NHWC) ? `${v}_nhwc` : `${v}_t`;
  }

  build(v: string, q: readonly number[], route: InputRoute, provenance: readonly string[]): string {
    const key = `${v}|${q.join(',')}`;
    const hit = this.cache.get(key);
    if (hit && route.kind !== 'compose') return hit;
    const wg = this.wg;
    let out: string;
    switch (route.kind) {
      case 'compose':
        return isIdentityPerm(route.perm) ? route.transpose.inputs[0]! : this.transpose(route.transpose.inputs[0]!, route.perm, provenance);
      case 'as-is':
        return v;
      case 'constant': {
        const full = unsqueezeLeading(route.tensor, q.length);
        const t = movesOnlyUnitDims(full.dims, q) ? { ...full, dims: permuteDims(full.dims, q) } : permuteTensor(full, q, '');
        out = wg.addInitializer(this.stem(v, q), t);
        break;
      }
      case 'constant-of-shape': {
        const shape = wg.addInitializer(`${route.node.inputs[0]}_t`, tensorFromNumbers('', 'int64', [route.dims.length], route.dims));
        out = wg.freshValue(this.stem(v, q));
        wg.addNode({ opType: 'ConstantOfShape', inputs: [shape], outputs: [out], attributes: route.node.attributes, provenance, id: `${route.node.id}/permuted` });
        wg.setShape(out, route.dims);
        break;
      }
      case 'reshape': {
        const shape = wg.addInitializer(`${v}_shape`, tensorFromNumbers('', 'int64', [route.dims.length], route.dims));
        out = wg.freshValue(this.stem(v, q));
        wg.addNode({ opType: 'Reshape', inputs: [route.source, shape], outputs: [out], provenance, id: `${provenance[0]}/Reshape` });
        wg.setShape(out, route.dims);
        break;
      }
      case 'transpose': {
        const full = route.rank < q.length ? this.unsqueeze(v, q.length - route.rank, provenance) : v;
        out = this.transpose(full, q, provenance);
        break;
      }
    }
    this.cache.set(key, out);
    return out;
  }

  /** A Transpose of `v` by `q`, reusing one that already exists. */
  transpose(v: string, q: readonly number[], provenance: readonly string[]): string {
    const wg = this.wg;
    const twin = wg.consumers(v).find((c) => !c.removed && c.opType === 'Transpose' && samePerm(transposePerm(wg, c) ?? [], q));
    if (twin) return twin.outputs[0]!;
    const out = wg.freshValue(this.stem(v, q));
    wg.addNode({ opType: 'Transpose', inputs: [v], outputs: [out], attributes: [perm(q)], provenance, id: `${provenance[0]}/Transpose` });
    const s = wg.shape(v);
    wg.setShape(out, s ? permuteDims(s, q) : undefined);
    return out;
  }

  private unsqueeze(v: string, count: number, provenance: readonly string[]): string {
    const wg = this.wg;
    const axes = Array.from({ length: count }, (_, i) => i);
    const out = wg.freshValue(`${v}_unsqueezed`);
    const byInput = wg.opset >= 13;
    const inputs = byInput ? [v, wg.addInitializer(`${v}_axes`, tensorFromNumbers('', 'int64', [count], axes))] : [v];
    const attributes: Attribute[] = byInput ? [] : [{ name: 'axes', type: 'ints', value: axes }];
    wg.addNode({ opType: 'Unsqueeze', inputs, outputs: [out], attributes, provenance, id: `${provenance[0]}/Unsqueeze` });
    const s = wg.shape(v);
    wg.setShape(out, s ? [...new Array<Dim>(count).fill(1), ...s] : undefined);
    return out;
  }
}
