// GridSample against onnxruntime: every mode (nearest, linear, cubic; the opset-16 names bilinear
// and bicubic too) × padding (zeros, border, reflection) × align_corners, with grid points well
// outside [-1, 1] so padding matters, several batches and channels, non-square planes; 3-D
// (volumetric, opset 20) nearest and linear. Tolerance: rel L2 <= 1e-5 (float32 weights).
import { describe, it } from 'vitest';
import { expectNode } from './testing/check.ts';

const REL_L2 = 1e-5;
const MODES = ['nearest', 'linear', 'cubic'];
const PADDINGS = ['zeros', 'border', 'reflection'];
const CASES = MODES.flatMap((mode) => PADDINGS.flatMap((padding_mode) => [0, 1].map((align_corners) => [mode, padding_mode, align_corners] as const)));

describe('GridSample matches onnxruntime (rel L2 <= 1e-5)', () => {
  it.each(CASES)('2-D %s, %s padding, align_corners %i', (mode, padding_mode, align_corners) =>
    expectNode(
      { op: 'GridSample', operands: [{ dims: [2, 3, 4, 5] }, { dims: [2, 3, 6, 2] }], attrs: { mode, padding_mode, align_corners }, opset: 20, range: [-1.7, 1.7], seed: 4 },
      { tolerance: REL_L2, variant: `grid-sample-2d-${mode}-${padding_mode}` },
    ),
  );
  it.each(['bilinear', 'bicubic', 'nearest'])('opset 16 mode %s', (mode) =>
    expectNode({ op: 'GridSample', operands: [{ dims: [1, 2, 3, 3] }, { dims: [1, 4, 4, 2] }], attrs: { mode }, opset: 16, range: [-1.2, 1.2] }, { tolerance: REL_L2 }),
  );
  it.each(['nearest', 'linear'].flatMap((mode) => PADDINGS.map((p) => [mode, p] as const)))('3-D %s, %s padding', (mode, padding_mode) =>
    expectNode(
      { op: 'GridSample', operands: [{ dims: [1, 2, 3, 4, 2] }, { dims: [1, 2, 3, 2, 3] }], attrs: { mode, padding_mode, align_corners: 1 }, opset: 20, range: [-1.5, 1.5], seed: 6 },
      { tolerance: REL_L2, variant: `grid-sample-3d-${mode}-${padding_mode}` },
    ),
  );
});
