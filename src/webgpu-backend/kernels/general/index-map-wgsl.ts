// An index map (src/passes/fusion/injective: the views an input of kiln.FusedInjective is read
// through) as one straight-line WGSL function from the output index to the input's element:
//
//   fn at1(i0: u32) -> u32 {
//     let i1 = param(P_V1_0_OFFSET) + (i0 / param(P_V1_0_INNER + 0u)) * param(P_V1_0_STRIDE + 0u) + (i0 % param(P_V1_0_SIZE + 1u)) * param(P_V1_0_STRIDE + 1u);
//     return i1;
//   }
//
// one `let` per view: each kept dim's coordinate is (index / inner) % size, the outermost needs no
// modulo (the index is below the view's element count), the innermost no division. Sizes,
// strides and offsets are params, so the WGSL depends only on the map's structure (views, dims,
// which dims move). Negative strides (reversed slices) travel as their two's-complement bits:
// u32 arithmetic wraps, and the true sum is never negative, so the wrapped one is it.
import type { View } from '../../../passes/fusion/injective/views.ts';
import type { ParamWriter } from '../../wgsl/params.ts';

/** The WGSL function `name(i0) -> u32` for `views`; its params go to `params` under `field`. */
export function viewsFunction(name: string, field: string, views: readonly View[], params: ParamWriter): string {
  if (!views.length) return `fn ${name}(i0: u32) -> u32 { return i0; }`;
  const lines = views.map((v, j) => {
    const f = `${field}_${j}`.toUpperCase();
    const rank = v.shape.length;
    const inner: number[] = [];
    for (let d = rank - 1, n = 1; d >= 0; n *= v.shape[d]!, d--) inner[d] = n;
    const moving = v.shape.map((_, d) => d).filter((d) => v.strides[d] !== 0);
    params.u32(`${f}_offset`, v.offset >>> 0);
    params.u32s(`${f}_inner`, moving.map((d) => inner[d]!));
    params.u32s(`${f}_size`, moving.map((d) => v.shape[d]!));
    params.u32s(`${f}_stride`, moving.map((d) => v.strides[d]! >>> 0));
    const x = `i${j}`;
    const terms = moving.map((d, m) => {
      const at = (p: string) => `param(P_${f}_${p} + ${m}u)`;
      const divided = d === rank - 1 ? x : `(${x} / ${at('INNER')})`;
      const coordinate = d === 0 ? divided : `(${divided} % ${at('SIZE')})`;
      return `${coordinate} * ${at('STRIDE')}`;
    });
    return `  let i${j + 1} = ${[`param(P_${f}_OFFSET)`, ...terms].join(' + ')};`;
  });
  return `fn ${name}(i0: u32) -> u32 {\n${lines.join('\n')}\n  return i${views.length};\n}`;
}
