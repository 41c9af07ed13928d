// Tensor indexing: strides on the CPU side, and the WGSL that turns a linear output index into
// element offsets of one or more inputs. Broadcasting is a stride of 0.

/** Row-major strides of a contiguous tensor. */
export function contiguousStrides(dims: readonly number[]): number[] {
  const strides = new Array<number>(dims.length).fill(1);
  for (let d = dims.length - 2; d >= 0; d--) strides[d] = strides[d + 1]! * dims[d + 1]!;
  return strides;
}

/**
 * Strides to read a tensor of `inDims` at the coordinates of `outDims` (numpy broadcasting:
 * dims aligned from the right, missing or size-1 dims read element 0 again).
 */
export function broadcastStrides(inDims: readonly number[], outDims: readonly number[]): number[] {
  const own = contiguousStrides(inDims);
  const shift = outDims.length - inDims.length;
  return outDims.map((_, d) => {
    const k = d - shift;
    return k < 0 || inDims[k] === 1 ? 0 : own[k]!;
  });
}

const VEC_TYPES = ['', 'u32', 'vec2<u32>', 'vec3<u32>', 'vec4<u32>'];

/**
 * WGSL `fn <name>(index: u32) -> u32|vecN<u32>`: walks the `rank` dims of the shape field from
 * the innermost out and sums coordinate × stride for each stride field (one result per field).
 * Shape and strides are uniform params (see params.ts), so the function depends on rank only.
 */
export function offsetsFunction(name: string, rank: number, shapeField: string, strideFields: readonly string[]): string {
  const n = strideFields.length;
  const type = VEC_TYPES[n];
  if (!type) throw new Error(`offsetsFunction: ${n} stride fields`);
  const zero = n === 1 ? '0u' : `${type}()`;
  if (rank === 0) return `fn ${name}(index: u32) -> ${type} { return ${zero}; }`;
  const strides = strideFields.map((f) => `param(P_${f.toUpperCase()} + d)`);
  const step = n === 1 ? strides[0]! : `${type}(${strides.join(', ')})`;
  return `fn ${name}(index: u32) -> ${type} {
  var rest = index;
  var offsets = ${zero};
  for (var k = 0u; k < ${rank}u; k++) {
    let d = ${rank - 1}u - k;
    let size = param(P_${shapeField.toUpperCase()} + d);
    offsets += (rest % size) * ${step};
    rest = rest / size;
  }
  return offsets;
}`;
}
