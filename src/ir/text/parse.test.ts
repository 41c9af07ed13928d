// Hand-written text in the ONNX syntax: what each construct parses to, and printing it back.
import { describe, expect, it } from 'vitest';
import type { Attribute, Model } from '../types.ts';
import { tensorToNumbers } from '../tensor.ts';
import { modelStructure } from './model-structure.ts';
import { parseModel } from './parse.ts';
import { printModel } from './print.ts';

function attr(m: Model, nodeIndex: number, name: string): Attribute {
  const a = m.graph.nodes[nodeIndex]!.attributes.find((x) => x.name === name);
  if (!a) throw new Error(`no attribute ${name}`);
  return a;
}

/** Printing and parsing again must not change anything. */
function expectStable(m: Model): void {
  const text = printModel(m);
  const again = parseModel(text);
  expect(modelStructure(again)).toEqual(modelStructure(m));
  expect(printModel(again)).toBe(text);
}

describe('parseModel', () => {
  it('reads the example of onnx/docs/Syntax.md', () => {
    const m = parseModel(`
      <
        ir_version: 7,
        opset_import: [ "" : 10 ]
      >
      agraph (float[N, 128] X, float[128, 10] W, float[10] B) => (float[N, 10] C)
      {
          T = MatMul(X, W)
          S = Add(T, B)
          C = Softmax(S)
      }`);
    expect(m.irVersion).toBe(7);
    expect(m.opsetImports).toEqual([{ domain: '', version: 10 }]);
    expect(m.graph.name).toBe('agraph');
    expect(m.graph.inputs[0]).toEqual({ name: 'X', type: { kind: 'tensor', dtype: 'float32', shape: ['N', 128] } });
    expect(m.graph.nodes.map((n) => [n.id, n.opType, n.inputs, n.outputs])).toEqual([
      ['MatMul_0', 'MatMul', ['X', 'W'], ['T']],
      ['Add_0', 'Add', ['T', 'B'], ['S']],
      ['Softmax_0', 'Softmax', ['S'], ['C']],
    ]);
    expectStable(m);
  });

  it('reads every kind of attribute value', () => {
    const m = parseModel(`
      <ir_version: 8, opset_import: ["" : 17, "com.microsoft" : 1]>
      g (float[2] x) => (float[2] y) {
        [first] a = com.microsoft.Thing <i = 3, f = 0.5, f1 = 1.0, fi: float = 2, s = "hi \\"there\\"", ints = [1, -2],
          floats = [1, 2.5], strs = ["a", "b"], t = float[2] {1, 2}, named = int64[2] shape {1, -1}, tp = seq(float[N]),
          tps = [float, int64[]], none: ints = [], n = nan, ninf = -inf, g = body () => (float[1] o) { o = Constant <value = float[1] {7}> () }>
          (x, , x)
        y = Identity (a)
      }`);
    expect(attr(m, 0, 'i')).toEqual({ name: 'i', type: 'int', value: 3 });
    expect(attr(m, 0, 'f')).toEqual({ name: 'f', type: 'float', value: 0.5 });
    expect(attr(m, 0, 'f1')).toEqual({ name: 'f1', type: 'float', value: 1 });
    expect(attr(m, 0, 'fi')).toEqual({ name: 'fi', type: 'float', value: 2 });
    expect(attr(m, 0, 's')).toEqual({ name: 's', type: 'string', value: 'hi "there"' });
    expect(attr(m, 0, 'ints')).toEqual({ name: 'ints', type: 'ints', value: [1, -2] });
    expect(attr(m, 0, 'floats')).toEqual({ name: 'floats', type: 'floats', value: [1, 2.5] });
    expect(attr(m, 0, 'strs')).toEqual({ name: 'strs', type: 'strings', value: ['a', 'b'] });
    const t = attr(m, 0, 't');
    expect(t.type === 'tensor' && [...tensorToNumbers(t.value)]).toEqual([1, 2]);
    const named = attr(m, 0, 'named');
    expect(named.type === 'tensor' && [named.value.name, named.value.dtype, [...tensorToNumbers(named.value)]]).toEqual(['shape', 'int64', [1, -1]]);
    expect(attr(m, 0, 'tp')).toEqual({ name: 'tp', type: 'type_proto', value: { kind: 'sequence', elem: { kind: 'tensor', dtype: 'float32', shape: ['N'] } } });
    expect(attr(m, 0, 'tps')).toEqual({ name: 'tps', type: 'type_protos', value: [{ kind: 'tensor', dtype: 'float32', shape: [] }, { kind: 'tensor', dtype: 'int64' }] });
    expect(attr(m, 0, 'none')).toEqual({ name: 'none', type: 'ints', value: [] });
    expect(attr(m, 0, 'n').value).toBeNaN();
    expect(attr(m, 0, 'ninf').value).toBe(-Infinity);
    const g = attr(m, 0, 'g');
    expect(g.type === 'graph' && g.value.nodes[0]!.opType).toBe('Constant');
    expect(m.graph.nodes[0]).toMatchObject({ id: 'first', name: 'first', domain: 'com.microsoft', opType: 'Thing', inputs: ['x', '', 'x'] });
    expectStable(m);
  });

  it('reads value types: symbolic and unknown dims, scalars, unknown rank, seq, map, optional, sparse, opaque', () => {
    const m = parseModel(`
      <ir_version: 8, opset_import: ["" : 17]>
      g (float[N,?,3] a, int64 scalar, double[] anyRank, seq(float[]) s, map(int64, float) mp, optional(seq(uint8[2])) o,
         sparse_tensor(float[4,4]) sp, opaque(com.x, Thing) op, float["p2o.Dim.0", 2] q, untyped) => (float[N] y) {
        y = Identity (a)
      }`);
    const types = m.graph.inputs.map((v) => v.type);
    expect(types[0]).toEqual({ kind: 'tensor', dtype: 'float32', shape: ['N', null, 3] });
    expect(types[1]).toEqual({ kind: 'tensor', dtype: 'int64', shape: [] });
    expect(types[2]).toEqual({ kind: 'tensor', dtype: 'float64' });
    expect(types[3]).toEqual({ kind: 'sequence', elem: { kind: 'tensor', dtype: 'float32' } });
    expect(types[4]).toEqual({ kind: 'map', key: 'int64', value: { kind: 'tensor', dtype: 'float32', shape: [] } });
    expect(types[5]).toEqual({ kind: 'optional', elem: { kind: 'sequence', elem: { kind: 'tensor', dtype: 'uint8', shape: [2] } } });
    expect(types[6]).toEqual({ kind: 'sparse_tensor', dtype: 'float32', shape: [4, 4] });
    expect(types[7]!.kind).toBe('opaque');
    expect(types[8]).toEqual({ kind: 'tensor', dtype: 'float32', shape: ['p2o.Dim.0', 2] });
    expect(types[9]).toBeUndefined();
    expect(printModel(m)).toContain('opaque(com.x, Thing) op');
    expectStable(m);
  });

  it('reads optional inputs the way onnx does: (, x) (\"\") (x,)', () => {
    const m = parseModel(`<ir_version: 8, opset_import: ["" : 17]>
      g (float x) => (float a) { a = A (, x) b = B ("") c = C (x,) d, , e = D () = E (x) }`);
    expect(m.graph.nodes.map((n) => n.inputs)).toEqual([['', 'x'], [''], ['x'], [], ['x']]);
    expect(m.graph.nodes.map((n) => n.outputs)).toEqual([['a'], ['b'], ['c'], ['d', '', 'e'], []]);
  });

  it('reads quoted names, node labels, overloads, attributes after the inputs, comments and initializers in the input list', () => {
    const m = parseModel(`
      <ir_version: 8, opset_import: ["" : 17], producer_name: "me", metadata_props: ["k": "v", "a b": "c"]>
      "main graph" (float[2] "x.in", float[2] "w:0" = {1.5, -2}) => (float[2] "y/out") # a comment
      <float[2] "t.1", int64[1] k = {3}>
      {
        ["node/0"] "t.1" = Mul:fast ("x.in", "w:0")  # another
        ["node/0"] "y/out" = Relu ("t.1") <alpha = 0.1>
      }`);
    expect(m.graph.name).toBe('main graph');
    expect(m.metadata).toEqual([{ key: 'k', value: 'v' }, { key: 'a b', value: 'c' }]);
    expect(m.graph.inputs.map((v) => v.name)).toEqual(['x.in', 'w:0']);
    expect(m.graph.initializers.map((t) => [t.name, [...tensorToNumbers(t)]])).toEqual([['w:0', [1.5, -2]], ['k', [3]]]);
    expect(m.graph.valueInfo.map((v) => v.name)).toEqual(['t.1']);
    // The second node's name is taken: it gets `<name>_0`, as importModel would give it.
    expect(m.graph.nodes.map((n) => [n.id, n.name, n.overload])).toEqual([['node/0', 'node/0', 'fast'], ['node/0_0', 'node/0', undefined]]);
    expect(attr(m, 1, 'alpha').value).toBeCloseTo(0.1, 7);
    expectStable(m);
  });

  it('reads model-local functions with attribute parameters, defaults and references', () => {
    const m = parseModel(`
      <ir_version: 8, opset_import: ["" : 17, "kiln" : 1]>
      g (float[2] x) => (float[2] y) {
        y = kiln.ScaledRelu <scale = 2.0> (x)
      }
      <domain: "kiln", opset_import: ["" : 17], doc_string: "scale, then relu">
      ScaledRelu <scale, bias: float = 0.0> (X) => (Y)
      <float[2] S>
      {
        s = Constant <value_float: float = @scale> ()
        b = Constant <value_float: float = @bias> ()
        S = Mul (X, s)
        T = Add (S, b)
        Y = Relu (T)
      }`);
    const f = m.functions[0]!;
    expect([f.name, f.domain, f.docString, f.inputs, f.outputs, f.attributes]).toEqual(['ScaledRelu', 'kiln', 'scale, then relu', ['X'], ['Y'], ['scale']]);
    expect(f.attributeDefaults).toEqual([{ name: 'bias', type: 'float', value: 0 }]);
    expect(f.nodes[0]!.attributes[0]).toEqual({ name: 'value_float', type: 'float', value: 0, refAttrName: 'scale' });
    expect(f.valueInfo.map((v) => v.name)).toEqual(['S']);
    expect(f.nodes.map((n) => n.id)).toEqual(['Constant_0', 'Constant_1', 'Mul_0', 'Add_0', 'Relu_0']);
    expectStable(m);
  });

  it('resolves elided weights by name, or by the key written after the ellipsis', () => {
    const w = { name: 'w', dtype: 'float32' as const, dims: [2], data: { kind: 'raw' as const, bytes: new Uint8Array(Float32Array.of(3, 4).buffer) } };
    const other = { ...w, name: 'other' };
    const m = parseModel(`<ir_version: 8, opset_import: ["" : 17]>
      g (float[2] x) => (float[2] y) <float[2] w = ..., float[2] v = ... "other"> { y = Add (x, w) }`, { weights: new Map([['w', w], ['other', other]]) });
    expect(m.graph.initializers[0]).toBe(w);
    expect(m.graph.initializers[1]).toEqual({ ...other, name: 'v' });
  });
});
