// The verification matrix on the bundled models (manifest input shapes, seed 7): every pipeline's
// export runs in onnxruntime-node against the original; float32 pipelines stay within rel L2
// 1e-4, fp16 within 1e-2, int8 within the accuracy report's 1.2e-1 (calibrated on 8 seeded
// samples) but for the cells INT8_REPORTED names with its reason (testing/expectations.ts).
// PaddleOCR-det is checked on its logits: its final Sigmoid is dropped (variants.ts), because on
// random inputs that Sigmoid's output is ~0 and rel L2 there measures exp() rounding.
import { afterAll, describe } from 'vitest';
import { formatMatrix, type MatrixRow } from './format.ts';
import { INT8_REPORTED } from './testing/expectations.ts';
import { bundledCases } from './testing/matrix-cases.ts';
import { matrixTests } from './testing/run-matrix.ts';

const rows: MatrixRow[] = [];
afterAll(() => console.log(`verification matrix, bundled models:\n${formatMatrix(rows)}`));

describe('verification matrix: bundled models', () => matrixTests(bundledCases(), rows, { boundInt8: true, reported: INT8_REPORTED }));
