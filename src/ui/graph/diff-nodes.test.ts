import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../ir/builder.ts';
import { ghostFlowId, ghostNodes, startPositions } from './diff-nodes.ts';
import { graphToFlow, opFlowId } from './to-flow.ts';

const noTypes = { types: new Map(), unknown: new Set<string>() };

function chainFlow(ids: string[]) {
  const b = new GraphBuilder('g');
  let v = b.input('x', 'float32', [1]);
  for (const id of ids) v = b.node('Relu', [v], { name: id });
  b.output(v);
  return graphToFlow(b.build(), noTypes);
}

describe('ghostNodes', () => {
  const prev = chainFlow(['a', 'b', 'c']);
  const positions = { [opFlowId('a')]: { x: 0, y: 0 }, [opFlowId('b')]: { x: 10, y: 100 }, [opFlowId('c')]: { x: 0, y: 200 } };

  it('draws each removed node that had a box where it stood, with its size', () => {
    const ghosts = ghostNodes([{ id: 'b', opType: 'Relu' }], { flow: prev, positions }, new Set(['b']));
    const box = prev.nodes.find((n) => n.id === opFlowId('b'))!;
    expect(ghosts).toHaveLength(1);
    expect(ghosts[0]).toMatchObject({ id: ghostFlowId('b'), type: 'ghost', position: { x: 10, y: 100 }, width: box.width, height: box.height, data: { nodeId: 'b', opType: 'Relu', selected: true } });
  });

  it('skips removed nodes without a box or a position (constants drawn as weights)', () => {
    expect(ghostNodes([{ id: 'gone', opType: 'Constant' }], { flow: prev, positions }, new Set())).toEqual([]);
    expect(ghostNodes([{ id: 'b', opType: 'Relu' }], { flow: prev, positions: {} }, new Set())).toEqual([]);
  });
});

describe('startPositions', () => {
  it('starts shown nodes where they were and new nodes at the center of their provenance', () => {
    const next = chainFlow(['a', 'bc']);
    const shown = { [opFlowId('a')]: { x: 5, y: 5 } };
    const prev = { [opFlowId('b')]: { x: 0, y: 100 }, [opFlowId('c')]: { x: 20, y: 200 } };
    const from = startPositions(next.nodes, shown, prev, (id) => (id === 'bc' ? ['b', 'c'] : undefined));
    expect(from[opFlowId('a')]).toEqual({ x: 5, y: 5 });
    expect(from[opFlowId('bc')]).toEqual({ x: 10, y: 150 });
    expect(from['i:x']).toBeUndefined();
  });
});
