// Validation names the node and the reason for each kind of malformed graph.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from './builder.ts';
import { InputError } from './errors.ts';
import type { Graph, Model, Node } from './types.ts';
import { assertValidModel, unknownOps, validateModel } from './verify.ts';
import { bundledModels, lightModels, loadModel } from '../test-support/models.ts';

function relu(id: string, input: string, output: string): Node {
  return { id, name: id, opType: 'Relu', domain: '', inputs: [input], outputs: [output], attributes: [] };
}

function model(nodes: Node[], extra: Partial<Graph> = {}): Model {
  return makeModel({
    name: 'g',
    nodes,
    inputs: [{ name: 'x', type: { kind: 'tensor', dtype: 'float32', shape: [2] } }],
    outputs: [{ name: 'y' }],
    valueInfo: [],
    initializers: [],
    ...extra,
  });
}

const errors = (m: Model) => validateModel(m).filter((d) => d.severity === 'error');

describe('validateModel', () => {
  it('accepts every bundled and light model', () => {
    for (const c of [...bundledModels(), ...lightModels()]) expect(errors(loadModel(c.path)), c.id).toEqual([]);
  });

  it('reports a cycle with the nodes on it', () => {
    const m = model([relu('a', 'x', 'p'), { ...relu('b', 'p', 'q'), inputs: ['p', 'r'], opType: 'Add' }, relu('c', 'q', 'r'), relu('d', 'q', 'y')]);
    const e = errors(m);
    expect(e.map((d) => d.message)).toContainEqual(expect.stringMatching(/^cycle: (b -> c -> b|c -> b -> c)$/));
  });

  it('reports an input nobody produces, naming the node', () => {
    const e = errors(model([relu('a', 'missing', 'y')]));
    expect(e).toEqual([{ severity: 'error', nodeId: 'a', message: "node 'a' (Relu): input 'missing' has no producer (not a graph input, initializer or node output)" }]);
  });

  it('reports a value produced twice', () => {
    const e = errors(model([relu('a', 'x', 'y'), relu('b', 'x', 'y')]));
    expect(e[0]).toMatchObject({ nodeId: 'b', message: expect.stringContaining("output 'y' is also produced by node 'a'") });
  });

  it('reports a wrong input count against the op schema', () => {
    const m = model([{ ...relu('a', 'x', 'y'), inputs: ['x', 'x'] }]);
    expect(errors(m)[0]?.message).toBe("node 'a' (Relu): has 2 inputs, Relu takes 1");
  });

  it('reports a graph output that is never produced', () => {
    expect(errors(model([relu('a', 'x', 'z')]))[0]?.message).toBe("graph output 'y' of graph 'g' is never produced");
  });

  it('loads an unknown op with a warning and marks it unsupported', () => {
    const m = model([{ ...relu('a', 'x', 'y'), opType: 'FrobnicateV2' }]);
    const d = validateModel(m);
    expect(d.filter((x) => x.severity === 'error')).toEqual([]);
    expect(d).toContainEqual(expect.objectContaining({ severity: 'warning', nodeId: 'a', message: expect.stringContaining('unknown operator') }));
    expect([...unknownOps(m)]).toEqual(['a']);
    expect(assertValidModel(m)).toHaveLength(1);
  });

  it('requires an opset import for custom domains', () => {
    const m = model([{ ...relu('a', 'x', 'y'), domain: 'com.example' }]);
    expect(errors(m)[0]?.message).toContain("domain 'com.example' is not in the model's opset imports");
  });

  it('assertValidModel throws an InputError naming the node', () => {
    const b = new GraphBuilder();
    b.input('x', 'float32', [1]);
    b.node('Relu', ['nope'], { name: 'r', outputs: ['y'] });
    b.output('y');
    try {
      assertValidModel(makeModel(b.build()));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).nodeId).toBe('r');
      expect((e as Error).message).toMatch(/^invalid model: node 'r' \(Relu\): input 'nope' has no producer/);
    }
  });
});
