// One hue per op category, muted so a large graph stays calm; unknown ops get a warning red.
import type { OpCategory } from '../../ir/ops/schema.ts';

export const CATEGORY_COLORS: Readonly<Record<OpCategory | 'unknown', string>> = {
  conv: '#3b6fb6',
  matmul: '#2f7d95',
  elementwise: '#6b7a8f',
  activation: '#b2603a',
  normalization: '#3f8a5a',
  pool: '#7a5aa6',
  reduce: '#8a6d3b',
  shape: '#8c8c8c',
  movement: '#4f8f8a',
  control: '#a0526d',
  quantization: '#9a7b2e',
  constant: '#a3a3a3',
  recurrent: '#5d6bb0',
  logic: '#7f8c4a',
  random: '#a05a8a',
  fused: '#c0801f',
  other: '#6f7785',
  unknown: '#c2412d',
};
