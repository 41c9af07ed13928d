// int8 on the bundled PaddleOCR models (opset 9 and 11: the passes raise them to 11 or 13 first),
// dynamic and static with each calibration method, against the float model in onnxruntime. Each
// test logs its figures ("int8 <model> <how>: ...") for the docs.
//
// Bounds, from measured figures (in brackets) with a margin:
// - paddleocr-cls (2-class softmax, 32 inputs): dynamic rel L2 ≤ 6e-2 [3.2e-2]; static ≤ 1.2e-1
//   [minmax 4.9e-2, percentile 5.6e-2, entropy 8.1e-2]; top-1 ≥ 87.5% (28 of 32) [93.8% to
//   96.9%]. A MobileNetV3: on random images its hardswish outputs reach 30 to 50 while most values
//   stay near 1, so per-tensor uint8 steps of ~0.2 leave ~10% error inside the network; the
//   softmax hovers near 0.5 for both classes, so a few rows flip.
// - paddleocr-det (8 inputs): the bounds apply to the logits before the final Sigmoid; on random
//   images the probabilities are ~1e-6, where rel L2 measures exp() of the logit error (see
//   to-fp16.test.ts). Logits: dynamic rel L2 ≤ 6e-2 [2.5e-2]; static ≤ 1e-1 [3.8e-2 to 4.8e-2].
import { afterAll, describe } from 'vitest';
import type { Model } from '../../ir/types.ts';
import { int8Tests, type Int8Case } from './testing/int8-cases.ts';
import { ortRunner } from './testing/ort-runner.ts';

const run = ortRunner();
afterAll(() => run.release());

const clsStatic = { relL2: 1.2e-1, cosine: 0.99, top1: 0.875 };
const detStatic = { relL2: 1e-1, cosine: 0.995 };
const logits = (m: Model) => m.graph.nodes.find((n) => n.opType === 'Sigmoid')!.inputs[0]!;

const CASES: readonly Int8Case[] = [
  { id: 'paddleocr-cls', testSamples: 32, dynamic: { relL2: 6e-2, cosine: 0.998, top1: 0.875 }, static: { minmax: clsStatic, percentile: clsStatic, entropy: clsStatic } },
  { id: 'paddleocr-det', testSamples: 8, output: logits, dynamic: { relL2: 6e-2, cosine: 0.998 }, static: { minmax: detStatic, percentile: detStatic, entropy: detStatic } },
];

for (const c of CASES) describe(`int8 ${c.id}`, () => int8Tests(c, run));
