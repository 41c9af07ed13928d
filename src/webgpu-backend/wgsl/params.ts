// Run-time dispatch data (sizes, strides, alpha...) travels in one uniform buffer per kernel, so
// the WGSL only depends on ranks and variants and kernels of different sizes share a pipeline.
// A generator names each field once; the field's offset becomes a WGSL constant and its values go
// to the buffer. Field lengths must depend on ranks only, never on sizes: that keeps the WGSL
// independent of the data.

interface Field {
  readonly name: string;
  readonly offset: number;
  readonly length: number;
}

export class ParamWriter {
  private readonly fields: Field[] = [];
  private readonly words: number[] = [];

  /** One u32; read in WGSL as `param(P_<NAME>)`. */
  u32(name: string, value: number): void {
    this.u32s(name, [value]);
  }

  /** Several u32s; read in WGSL as `param(P_<NAME> + i)`. */
  u32s(name: string, values: readonly number[]): void {
    for (const v of values) {
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`param ${name}: ${v} is not a u32`);
    }
    this.fields.push({ name, offset: this.words.length, length: values.length });
    this.words.push(...values);
  }

  /** One f32, stored as its bits; read in WGSL as `paramF(P_<NAME>)`. */
  f32(name: string, value: number): void {
    const bits = new Uint32Array(new Float32Array([value]).buffer)[0]!;
    this.fields.push({ name, offset: this.words.length, length: 1 });
    this.words.push(bits);
  }

  /** Uniform buffer contents, padded to whole vec4s (at least one). */
  data(): Uint32Array {
    const out = new Uint32Array(this.vec4Count() * 4);
    out.set(this.words);
    return out;
  }

  /** The uniform declaration, accessors and one offset constant per field. */
  wgsl(binding: number): string {
    const consts = this.fields.map((f) => `const P_${f.name.toUpperCase()} = ${f.offset}u;`);
    return [
      `struct Params { v: array<vec4<u32>, ${this.vec4Count()}> }`,
      `@group(0) @binding(${binding}) var<uniform> params: Params;`,
      `fn param(i: u32) -> u32 { return params.v[i / 4u][i % 4u]; }`,
      `fn paramF(i: u32) -> f32 { return bitcast<f32>(param(i)); }`,
      ...consts,
    ].join('\n');
  }

  private vec4Count(): number {
    return Math.max(1, Math.ceil(this.words.length / 4));
  }
}
