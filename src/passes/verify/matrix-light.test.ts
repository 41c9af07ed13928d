// The verification matrix on the light classic CNNs (ONNX backend-test data, constant weights,
// 1×3×224×224 inputs, seed 7). Their final Softmax sees 1000 equal logits and outputs exactly
// 1/1000 whatever came before, so the logits (the Softmax dropped, variants.ts) are compared
// instead; DenseNet-121 ends in a Conv and keeps its output. Float32 pipelines are held to 1e-4.
// Reduced precision is reported, not bounded, where it cannot mean anything (testing/
// expectations.ts): fp16 where the logits exceed float16's 65504 (they reach 1e9 to 1e31), and
// int8 throughout (constant weights make calibration statistics degenerate). fp16 is bounded
// (1e-2) on the three whose outputs fit float16: DenseNet-121, Inception v2, ShuffleNet.
import { afterAll, describe } from 'vitest';
import { formatMatrix, type MatrixRow } from './format.ts';
import { lightCases } from './testing/matrix-cases.ts';
import { matrixTests } from './testing/run-matrix.ts';

const rows: MatrixRow[] = [];
afterAll(() => console.log(`verification matrix, light models:\n${formatMatrix(rows)}`));

describe('verification matrix: light models', () => matrixTests(lightCases(), rows, { boundInt8: false }));
