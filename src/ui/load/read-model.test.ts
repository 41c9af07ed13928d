import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { isInputError } from '../../ir/errors.ts';
import { exportModel } from '../../ir/onnx/export.ts';
import { seededRandom } from '../../reference/random-inputs.ts';
import { loadModel, modelsDir, readBytes } from '../../test-support/models.ts';
import { DEFAULT_MAX_MODEL_BYTES, maxModelBytesFrom, readModel } from './read-model.ts';

const mlpBytes = () => readBytes(`${modelsDir}mlp.onnx`);

function failure(name: string, bytes: Uint8Array, limit = DEFAULT_MAX_MODEL_BYTES): string {
  try {
    readModel(name, bytes, limit);
  } catch (e) {
    expect(isInputError(e)).toBe(true);
    const message = (e as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error('expected readModel to fail');
}

describe('readModel', () => {
  it('opens a bundled model to the same graph the importer gives', () => {
    const { model } = readModel('mlp.onnx', mlpBytes(), DEFAULT_MAX_MODEL_BYTES);
    expect(model.graph.nodes.map((n) => n.id)).toEqual(loadModel(`${modelsDir}mlp.onnx`).graph.nodes.map((n) => n.id));
  });

  it('rejects empty, random and truncated files with one line naming the file', () => {
    expect(failure('empty.onnx', new Uint8Array(0))).toMatch(/^Cannot open 'empty.onnx': .*empty/);
    const rand = seededRandom(7);
    const noise = Uint8Array.from({ length: 4096 }, () => Math.floor(rand() * 256));
    expect(failure('noise.onnx', noise)).toMatch(/^Cannot open 'noise.onnx': /);
    const bytes = mlpBytes();
    expect(failure('cut.onnx', bytes.slice(0, bytes.length >> 1))).toMatch(/^Cannot open 'cut.onnx': /);
  });

  it('rejects a graph with a cycle, naming a node on it', () => {
    const b = new GraphBuilder('loop');
    const x = b.input('x', 'float32', [1]);
    b.node('Add', [x, 'b_out'], { name: 'a', outputs: ['a_out'] });
    b.node('Relu', ['a_out'], { name: 'b', outputs: ['b_out'] });
    b.output('b_out');
    expect(failure('cycle.onnx', exportModel(makeModel(b.build())))).toMatch(/cycle/);
  });

  it('opens a model with an unknown op and warns about it', () => {
    const b = new GraphBuilder('odd');
    const x = b.input('x', 'float32', [1]);
    b.output(b.node('Frobnicate', [x], { name: 'f', domain: 'example.com' }));
    const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }, { domain: 'example.com', version: 1 }] });
    const { warnings } = readModel('odd.onnx', exportModel(model), DEFAULT_MAX_MODEL_BYTES);
    expect(warnings.some((w) => w.nodeId === 'f')).toBe(true);
  });

  it('refuses a file over the limit before decoding it', () => {
    const bytes = mlpBytes();
    expect(failure('mlp.onnx', bytes, bytes.length - 1)).toMatch(/over the .* limit/);
    expect(readModel('mlp.onnx', bytes, bytes.length).model.graph.nodes.length).toBeGreaterThan(0);
  });
});

describe('maxModelBytesFrom', () => {
  it('reads ?maxModelBytes and ignores nonsense', () => {
    expect(maxModelBytesFrom('?maxModelBytes=1000')).toBe(1000);
    expect(maxModelBytesFrom('?maxModelBytes=-3')).toBe(DEFAULT_MAX_MODEL_BYTES);
    expect(maxModelBytesFrom('?model=cnn')).toBe(DEFAULT_MAX_MODEL_BYTES);
  });
});
