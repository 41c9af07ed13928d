// One recurrent step as a kernel: an invocation per (direction d, batch b, hidden unit j) reads the
// whole previous hidden state (R·h needs every unit), so the step writes its new state to another
// buffer than the one it reads (rnn-sequence.ts alternates two). Step s handles time t = s going
// forward and t = len - 1 - s going backward, where len is the batch item's sequence length;
// steps past len leave the state as it was and write zeros to Y, as onnxruntime does.
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type BufferDecl, type KernelSource } from '../../wgsl/shader.ts';
import type { AdapterProfile } from '../../adapter-profile.ts';
import { cellBody, resetBody, type CellOptions } from './rnn-cells.ts';
import { activationTag, activationWgsl, type RnnSpec } from './rnn-spec.ts';

/** Strides (d, b) of a state tensor: [D, B, H] for layout 0, [B, D, H] for layout 1. */
export function stateStrides(spec: RnnSpec): [d: number, b: number] {
  return spec.layout === 0 ? [spec.B * spec.H, spec.H] : [spec.H, spec.D * spec.H];
}

/** Strides (t, d, b) of Y: [S, D, B, H] for layout 0, [B, S, D, H] for layout 1. */
function yStrides(spec: RnnSpec): [t: number, d: number, b: number] {
  const { S, D, B, H } = spec;
  return spec.layout === 0 ? [D * B * H, B * H, H] : [D * H, H, S * D * H];
}

export interface StepBindings extends CellOptions {
  /** LSTM: a previous cell state (else zeros). */
  readonly hasCell: boolean;
  readonly seqLens: boolean;
  readonly writesY: boolean;
  /** The GRU reset kernel instead of a step: writes RH, no Y. */
  readonly reset?: boolean;
}

export function stepKernel(spec: RnnSpec, step: number, o: StepBindings, profile: Pick<AdapterProfile, 'limits'>): KernelSource {
  const { D, S, B, H, G } = spec;
  const count = D * B * H;
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('hidden', H);
  params.u32('batch', B);
  params.u32('steps', S);
  params.u32('step', step);
  params.u32s('reverse', spec.reverse.map((r) => (r ? 1 : 0)));
  const [hd, hb] = stateStrides(spec);
  params.u32('h_d', hd);
  params.u32('h_b', hb);
  const [yt, yd, yb] = yStrides(spec);
  params.u32('y_t', yt);
  params.u32('y_d', yd);
  params.u32('y_b', yb);
  params.f32('clip', spec.clip ?? 0);
  const lstm = spec.cell === 'LSTM';
  const inputs: BufferDecl[] = [{ name: 'XW', elem: 'f32' }, { name: 'R', elem: 'f32' }];
  if (o.hasHidden) inputs.push({ name: 'Hp', elem: 'f32' });
  if (lstm && o.hasCell) inputs.push({ name: 'Cp', elem: 'f32' });
  if (o.peepholes) inputs.push({ name: 'P', elem: 'f32' });
  if (o.hiddenBias) inputs.push({ name: 'Bias', elem: 'f32' });
  if (o.resetProduct) inputs.push({ name: 'RH', elem: 'f32' });
  if (o.seqLens) inputs.push({ name: 'SL', elem: 'i32' });
  const outputs: BufferDecl[] = o.reset ? [{ name: 'RHo', elem: 'f32' }] : [...(o.writesY ? [{ name: 'Y', elem: 'f32' }] : []), { name: 'Ho', elem: 'f32' }, ...(lstm ? [{ name: 'Co', elem: 'f32' }] : [])];
  const hPrev = o.hasHidden ? 'Hp[d * param(P_H_D) + b * param(P_H_B) + k]' : '0.0';
  const cPrev = o.hasCell ? 'Cp[d * param(P_H_D) + b * param(P_H_B) + k]' : '0.0';
  const len = o.seqLens ? 'min(u32(max(SL[b], 0)), param(P_STEPS))' : 'param(P_STEPS)';
  // Past its length a batch item keeps its state (and Y there is zero); the reset kernel has nothing to do.
  const idle = o.reset
    ? 'RHo[(d * param(P_BATCH) + b) * hs + j] = 0.0;'
    : [o.writesY ? 'Y[y_at] = 0.0;' : '', `Ho[h_at] = h_prev(d, b, j);`, lstm ? 'Co[h_at] = c_prev(d, b, j);' : ''].filter(Boolean).join(' ');
  const stores = o.reset ? 'RHo[(d * param(P_BATCH) + b) * hs + j] = h;' : [o.writesY ? 'Y[y_at] = h;' : '', 'Ho[h_at] = h;', lstm ? 'Co[h_at] = c;' : ''].filter(Boolean).join('\n  ');
  const body = `
${activationWgsl(spec, params)}

fn clip(x: f32) -> f32 {
  let limit = paramF(P_CLIP);
  return select(x, clamp(x, -limit, limit), limit > 0.0);
}

fn h_prev(d: u32, b: u32, k: u32) -> f32 { return ${hPrev}; }
${lstm ? `fn c_prev(d: u32, b: u32, k: u32) -> f32 { return ${cPrev}; }\n` : ''}
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let hs = param(P_HIDDEN);
  let j = index % hs;
  let b = (index / hs) % param(P_BATCH);
  let d = index / (hs * param(P_BATCH));
  let s = param(P_STEP);
  let len = ${len};
  let live = s < len;
  let t = select(s, len - 1u - s, live && param(P_REVERSE + d) != 0u);
  let h_at = d * param(P_H_D) + b * param(P_H_B) + j;
  let y_at = t * param(P_Y_T) + d * param(P_Y_D) + b * param(P_Y_B) + j;
  if (!live) { ${idle} return; }
  let xw = ((d * param(P_STEPS) + t) * param(P_BATCH) + b) * ${G}u * hs;
  let r_at = d * ${G}u * hs * hs;
${o.reset ? resetBody() : cellBody(spec, o)}
  ${stores}
}`;
  const flags = [o.hasHidden ? 'h' : '', lstm && o.hasCell ? 'c' : '', o.peepholes ? 'p' : '', o.seqLens ? 'len' : '', o.writesY ? 'y' : ''].filter(Boolean).join('-');
  const kind = o.reset ? 'gru-reset' : `${spec.cell.toLowerCase()}-step`;
  return kernelSource({
    variant: `${kind}${flags ? `-${flags}` : ''}${activationTag(spec)}`,
    inputs,
    outputs,
    params,
    body,
    workgroups: linearWorkgroups(count, profile.limits),
  });
}
