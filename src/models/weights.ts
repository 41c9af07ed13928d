// Seeded weight initialisation for the bundled models (deterministic across machines).
import { tensorFromNumbers } from '../ir/tensor.ts';
import type { Tensor } from '../ir/types.ts';
import { seededRandom } from '../reference/random-inputs.ts';

export class WeightFactory {
  private readonly rand: () => number;
  constructor(seed: number) {
    this.rand = seededRandom(seed);
  }

  /** Uniform in ±sqrt(6 / fanIn): He-style scale keeps activations in a sane range through ReLUs. */
  he(name: string, dims: number[], fanIn: number): Tensor {
    const bound = Math.sqrt(6 / fanIn);
    return this.uniform(name, dims, -bound, bound);
  }

  uniform(name: string, dims: number[], lo: number, hi: number): Tensor {
    const n = dims.reduce((a, b) => a * b, 1);
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) v[i] = lo + (hi - lo) * this.rand();
    return tensorFromNumbers(name, 'float32', dims, v);
  }

  constant(name: string, dims: number[], value: number): Tensor {
    const n = dims.reduce((a, b) => a * b, 1);
    return tensorFromNumbers(name, 'float32', dims, new Float32Array(n).fill(value));
  }
}
