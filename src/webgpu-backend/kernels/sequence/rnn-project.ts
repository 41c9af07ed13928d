// The input projection of a recurrent node, done once for every step before the recurrence:
// XW[d, t, b, n] = Σ_i X[t, b, i] · W[d, n, i] + Wb[d, n] + Rb[d, n]. It is the only part without
// a dependency between steps, so it runs as one kernel over all of them. GRU with
// linear_before_reset keeps the hidden gate's Rb out: that one is added inside r ⊙ (R·h + Rb).
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import type { AdapterProfile } from '../../adapter-profile.ts';
import type { RnnSpec } from './rnn-spec.ts';

/** Element index of X[t, b, i] for the layout (0: [S, B, I]; 1: [B, S, I]). */
export function xStrides(spec: RnnSpec): [t: number, b: number] {
  return spec.layout === 0 ? [spec.B * spec.I, spec.I] : [spec.I, spec.S * spec.I];
}

export function projectionKernel(spec: RnnSpec, hasBias: boolean, profile: Pick<AdapterProfile, 'limits'>): KernelSource {
  const GH = spec.G * spec.H;
  const count = spec.D * spec.S * spec.B * GH;
  const [xt, xb] = xStrides(spec);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('gh', GH);
  params.u32('steps', spec.S);
  params.u32('batch', spec.B);
  params.u32('input', spec.I);
  params.u32('x_t', xt);
  params.u32('x_b', xb);
  // Rb joins the projection for gate rows below this (all of them but GRU's hidden gate with linear_before_reset).
  params.u32('rb_rows', spec.cell === 'GRU' && spec.linearBeforeReset ? 2 * spec.H : GH);
  const bias = hasBias
    ? `
  let bias_at = d * 2u * gh;
  acc += B[bias_at + n];
  if (n < param(P_RB_ROWS)) { acc += B[bias_at + gh + n]; }`
    : '';
  const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let gh = param(P_GH);
  let n = index % gh;
  let b = (index / gh) % param(P_BATCH);
  let t = (index / (gh * param(P_BATCH))) % param(P_STEPS);
  let d = index / (gh * param(P_BATCH) * param(P_STEPS));
  let inputs = param(P_INPUT);
  let x_at = t * param(P_X_T) + b * param(P_X_B);
  let w_at = (d * gh + n) * inputs;
  var acc = 0.0;
  for (var i = 0u; i < inputs; i++) {
    acc += X[x_at + i] * W[w_at + i];
  }${bias}
  XW[index] = acc;
}`;
  return kernelSource({
    variant: `rnn-projection${hasBias ? '-bias' : ''}`,
    inputs: [{ name: 'X', elem: 'f32' }, { name: 'W', elem: 'f32' }, ...(hasBias ? [{ name: 'B', elem: 'f32' }] : [])],
    output: { name: 'XW', elem: 'f32' },
    params,
    body,
    workgroups: linearWorkgroups(count, profile.limits),
  });
}
