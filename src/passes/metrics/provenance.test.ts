import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import type { Model, Node } from '../../ir/types.ts';
import { correspondingNodes, traceOrigins } from './provenance.ts';

function chain(ids: string[]): Model {
  const b = new GraphBuilder('g');
  let v = b.input('x', 'float32', [1]);
  for (const id of ids) v = b.node('Relu', [v], { name: id });
  b.output(v);
  return makeModel(b.build());
}

const withNodes = (m: Model, nodes: Node[]): Model => ({ ...m, graph: { ...m.graph, nodes } });
const made = (id: string, provenance: string[]): Node => ({ id, name: id, opType: 'Relu', domain: '', inputs: ['x'], outputs: [`${id}_out`], attributes: [], provenance });
const explain = (matched: string[], produced: string[]) => ({ rule: 'r', message: 'm', matched, produced });

describe('traceOrigins', () => {
  it('follows provenance through steps back to original nodes', () => {
    const m0 = chain(['a', 'b', 'c']);
    const c = m0.graph.nodes[2]!;
    const m1 = withNodes(m0, [made('ab', ['a', 'b']), c]);
    const m2 = withNodes(m0, [made('abc', ['ab', 'c'])]);
    const maps = traceOrigins(m0, [{ model: m1 }, { model: m2 }]);
    expect(maps[0]!.get('a')).toEqual(['a']);
    expect(maps[1]!.get('ab')).toEqual(['a', 'b']);
    expect(maps[1]!.get('c')).toEqual(['c']);
    expect(maps[2]!.get('abc')).toEqual(['a', 'b', 'c']);
  });

  it('keeps the origins of a fused node kept (or rewired) by a later step', () => {
    const m0 = chain(['a', 'b']);
    const ab = made('ab', ['a', 'b']);
    const m1 = withNodes(m0, [ab]);
    const m2 = withNodes(m0, [{ ...ab, inputs: ['y'] }]);
    expect(traceOrigins(m0, [{ model: m1 }, { model: m2 }])[2]!.get('ab')).toEqual(['a', 'b']);
  });

  it('follows a node made and fused again inside one step through its explanations', () => {
    const m0 = chain(['a', 'b', 'c']);
    // The pass made `ab` from a and b, then fused `ab` with c into `abc`; `ab` never shows in a model.
    const m1 = withNodes(m0, [made('abc', ['ab', 'c'])]);
    const changes = { explanations: [explain(['a', 'b'], ['ab']), explain(['ab', 'c'], ['abc'])] };
    expect(traceOrigins(m0, [{ model: m1, changes }])[1]!.get('abc')).toEqual(['a', 'b', 'c']);
  });
});

describe('correspondingNodes', () => {
  it('matches a fused node with the nodes it was made from, both ways', () => {
    const m0 = chain(['a', 'b', 'c']);
    const fused = traceOrigins(m0, [{ model: withNodes(m0, [made('ab', ['a', 'b']), m0.graph.nodes[2]!]) }])[1]!;
    const plain = traceOrigins(m0, [])[0]!;
    expect(correspondingNodes(['a'], plain, fused)).toEqual(['ab']);
    expect(correspondingNodes(['ab'], fused, plain).sort()).toEqual(['a', 'b']);
    expect(correspondingNodes(['c'], plain, fused)).toEqual(['c']);
  });
});
