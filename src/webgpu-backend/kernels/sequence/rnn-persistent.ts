// The whole recurrence in one workgroup: an invocation per (direction, batch, hidden unit), the
// hidden state in workgroup memory (two halves, read one and write the other), one barrier per
// step (two for GRU without linear_before_reset, which needs every r ⊙ h first). One dispatch
// instead of one per step pays off on GPUs for small recurrent layers (at most 256 units in all);
// software adapters run a workgroup with barriers as coroutines, so they keep the per-step kernels.
import type { AdapterProfile } from '../../adapter-profile.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type BufferDecl, type KernelSource } from '../../wgsl/shader.ts';
import { cellBody, resetBody, type CellOptions } from './rnn-cells.ts';
import { activationTag, activationWgsl, type RnnSpec } from './rnn-spec.ts';
import { stateStrides } from './rnn-step.ts';

const UNITS = 256;

export function persistentFits(spec: RnnSpec, profile: Pick<AdapterProfile, 'kind' | 'limits'>): boolean {
  const { D, B, H } = spec;
  return profile.kind === 'gpu' && spec.S > 1 && D * B * H <= UNITS && profile.limits.maxComputeInvocationsPerWorkgroup >= UNITS;
}

export interface PersistentBindings extends Omit<CellOptions, 'resetProduct'> {
  readonly hasCell: boolean;
  readonly seqLens: boolean;
  readonly writesY: boolean;
  /** Which final states are bound as outputs (LSTM: Y_c too). */
  readonly writesH: boolean;
  readonly writesC: boolean;
}

export function persistentKernel(spec: RnnSpec, o: PersistentBindings): KernelSource {
  const { D, B, H, S, G } = spec;
  const lstm = spec.cell === 'LSTM';
  const gruReset = spec.cell === 'GRU' && !spec.linearBeforeReset;
  const params = new ParamWriter();
  params.u32('count', D * B * H);
  params.u32('hidden', H);
  params.u32('batch', B);
  params.u32('steps', S);
  params.u32s('reverse', spec.reverse.map((r) => (r ? 1 : 0)));
  const [hd, hb] = stateStrides(spec);
  params.u32('h_d', hd);
  params.u32('h_b', hb);
  const [yt, yd, yb] = spec.layout === 0 ? [D * B * H, B * H, H] : [D * H, H, S * D * H];
  params.u32('y_t', yt);
  params.u32('y_d', yd);
  params.u32('y_b', yb);
  params.f32('clip', spec.clip ?? 0);
  const inputs: BufferDecl[] = [{ name: 'XW', elem: 'f32' }, { name: 'R', elem: 'f32' }];
  if (o.hasHidden) inputs.push({ name: 'H0', elem: 'f32' });
  if (lstm && o.hasCell) inputs.push({ name: 'C0', elem: 'f32' });
  if (o.peepholes) inputs.push({ name: 'P', elem: 'f32' });
  if (o.hiddenBias) inputs.push({ name: 'Bias', elem: 'f32' });
  if (o.seqLens) inputs.push({ name: 'SL', elem: 'i32' });
  const outputs: BufferDecl[] = [...(o.writesY ? [{ name: 'Y', elem: 'f32' }] : []), ...(o.writesH ? [{ name: 'Ho', elem: 'f32' }] : []), ...(o.writesC ? [{ name: 'Co', elem: 'f32' }] : [])];
  const len = o.seqLens ? 'min(u32(max(SL[b], 0)), param(P_STEPS))' : 'param(P_STEPS)';
  const state = 'd * param(P_H_D) + b * param(P_H_B) + j';
  // The cell bodies read the previous state through h_prev / c_prev (rnn-cells.ts).
  const cell = cellBody(spec, { hasHidden: true, peepholes: o.peepholes, hiddenBias: o.hiddenBias, resetProduct: gruReset });
  const body = `
${activationWgsl(spec, params)}

fn clip(x: f32) -> f32 {
  let limit = paramF(P_CLIP);
  return select(x, clamp(x, -limit, limit), limit > 0.0);
}

var<workgroup> hbuf: array<f32, ${2 * UNITS}>;
${gruReset ? `var<workgroup> RH: array<f32, ${UNITS}>;` : ''}
var<private> cur: u32;
var<private> c_reg: f32;

fn h_prev(d: u32, b: u32, k: u32) -> f32 { return hbuf[cur * ${UNITS}u + (d * param(P_BATCH) + b) * param(P_HIDDEN) + k]; }
fn c_prev(d: u32, b: u32, k: u32) -> f32 { return c_reg; }

@compute @workgroup_size(${UNITS})
fn main(@builtin(local_invocation_index) u: u32) {
  let own = u < param(P_COUNT);
  let hs = param(P_HIDDEN);
  let j = u % hs;
  let b = (u / hs) % param(P_BATCH);
  let d = u / (hs * param(P_BATCH));
  cur = 0u;
  c_reg = 0.0;
  if (own) {
    hbuf[u] = ${o.hasHidden ? `H0[${state}]` : '0.0'};
    ${lstm && o.hasCell ? `c_reg = C0[${state}];` : ''}
  }
  workgroupBarrier();
  for (var s = 0u; s < param(P_STEPS); s++) {
    let len = select(0u, ${len}, own);
    let live = own && s < len;
    let t = select(s, len - 1u - s, live && param(P_REVERSE + d) != 0u);
    let xw = ((d * param(P_STEPS) + t) * param(P_BATCH) + b) * ${G}u * hs;
    let r_at = d * ${G}u * hs * hs;
    let y_at = t * param(P_Y_T) + d * param(P_Y_D) + b * param(P_Y_B) + j;${gruReset ? `
    if (live) {${resetBody()}
      RH[u] = h;
    }
    workgroupBarrier();` : ''}
    if (live) {${cell}
      hbuf[(1u - cur) * ${UNITS}u + u] = h;${lstm ? '\n      c_reg = c;' : ''}${o.writesY ? '\n      Y[y_at] = h;' : ''}
    } else if (own) {
      hbuf[(1u - cur) * ${UNITS}u + u] = hbuf[cur * ${UNITS}u + u];${o.writesY ? '\n      Y[y_at] = 0.0;' : ''}
    }
    workgroupBarrier();
    cur = 1u - cur;
  }
  if (own) {${o.writesH ? `\n    Ho[${state}] = hbuf[cur * ${UNITS}u + u];` : ''}${o.writesC ? `\n    Co[${state}] = c_reg;` : ''}
  }
}`;
  const flags = [o.hasHidden ? 'h' : '', lstm && o.hasCell ? 'c' : '', o.peepholes ? 'p' : '', o.seqLens ? 'len' : '', o.writesY ? 'y' : ''].filter(Boolean).join('-');
  return kernelSource({
    variant: `${spec.cell.toLowerCase()}-persistent${flags ? `-${flags}` : ''}${activationTag(spec)}`,
    inputs,
    outputs,
    params,
    body,
    workgroups: [1, 1, 1],
    workgroupStorageBytes: (2 * UNITS + (gruReset ? UNITS : 0)) * 4,
  });
}
