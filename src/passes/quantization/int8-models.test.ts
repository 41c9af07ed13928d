// int8 on the bundled MLP, CNN and transformer block: dynamic, and static with each calibration
// method (8 seeded calibration samples, then quantize-static and fuse-qdq), against the float
// model in onnxruntime. Each test logs its figures ("int8 <model> <how>: ...") for the docs.
//
// Bounds, from measured figures (in brackets) with a margin of about 2x:
// - mlp, cnn (class scores, 32 inputs): rel L2 ≤ 5e-2 and top-1 ≥ 90% throughout
//   [mlp: dynamic 7.6e-3, static 2.3e-2; cnn: dynamic 4.3e-3, static 7.4e-3 to 8.2e-3; top-1 100%].
//   The MLP's tensors hold 128 values x 8 samples, fewer than the 2048 histogram bins, so its
//   percentile and entropy tables fall back to MinMax and give the same model.
// - transformer (no class scores, 8 inputs): dynamic rel L2 ≤ 3e-2 [1.6e-2]; static ≤ 8e-2
//   [4.5e-2 to 4.9e-2] and cosine ≥ 0.998: every activation of the block, the attention
//   products included, passes through 8 bits (per tensor), where dynamic keeps float between
//   its integer matrix products.
import { afterAll, describe } from 'vitest';
import { int8Tests, type Int8Case } from './testing/int8-cases.ts';
import { ortRunner } from './testing/ort-runner.ts';

const run = ortRunner();
afterAll(() => run.release());

const classScores = { relL2: 5e-2, cosine: 0.998, top1: 0.9 };

const CASES: readonly Int8Case[] = [
  { id: 'mlp', testSamples: 32, dynamic: classScores, static: { minmax: classScores, percentile: classScores, entropy: classScores } },
  { id: 'cnn', testSamples: 32, dynamic: classScores, static: { minmax: classScores, percentile: classScores, entropy: classScores } },
  {
    id: 'transformer',
    testSamples: 8,
    dynamic: { relL2: 3e-2, cosine: 0.999 },
    static: { minmax: { relL2: 8e-2, cosine: 0.998 }, percentile: { relL2: 8e-2, cosine: 0.998 }, entropy: { relL2: 8e-2, cosine: 0.998 } },
  },
];

for (const c of CASES) describe(`int8 ${c.id}`, () => int8Tests(c, run));
