// Small models for fusion tests: one float32 input x, one output y, written with GraphBuilder.
import { GraphBuilder, makeModel } from '../../../ir/builder.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import type { Model } from '../../../ir/types.ts';

export interface Build {
  readonly b: GraphBuilder;
  readonly x: string;
  /** A float32 scalar initializer. */
  scalar(name: string, value: number): string;
}

/** A model computing `body(x)` into y, at the given default opset (com.microsoft imported too). */
export function unaryModel(opset: number, shape: number[], body: (k: Build) => void): Model {
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', shape);
  body({ b, x, scalar: (name, value) => b.initializer(tensorFromNumbers(name, 'float32', [], [value])) });
  b.output('y', 'float32');
  return makeModel(b.build(), { opsetImports: [{ domain: '', version: opset }] });
}

/** Op types of a model's nodes, with their domain when it is not the default one. */
export function opTypes(model: Model): string[] {
  return model.graph.nodes.map((n) => (n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.opType}` : n.opType));
}
