// Asks the layout worker to place a flow graph. Layouts are cached per flow graph, so a step seen
// before shows at once, and the previous step's layout is there for the step diff.
import { useEffect, useState } from 'react';
import { layoutWorker } from '../../workers/client.ts';
import { describeError } from '../commands/describe-error.ts';
import type { FlowGraph } from './to-flow.ts';

export type Positions = Readonly<Record<string, { x: number; y: number }>>;

export interface LayoutState {
  readonly status: 'running' | 'done' | 'error';
  readonly positions?: Positions;
  readonly message?: string;
  readonly ms?: number;
}

const settled = new WeakMap<FlowGraph, LayoutState>();
const pending = new WeakMap<FlowGraph, Promise<LayoutState>>();

export function requestLayout(flow: FlowGraph): Promise<LayoutState> {
  let p = pending.get(flow);
  if (!p) {
    p = layoutWorker()
      .layout({
        nodes: flow.nodes.map((n) => ({ id: n.id, width: n.width ?? 0, height: n.height ?? 0 })),
        edges: flow.edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
      })
      .then(
        (r): LayoutState => ({ status: 'done', positions: r.positions, ms: r.ms }),
        (e: unknown): LayoutState => ({ status: 'error', message: describeError(e, 'Layout failed') }),
      )
      .then((state) => {
        settled.set(flow, state);
        return state;
      });
    pending.set(flow, p);
  }
  return p;
}

export function useLayout(flow: FlowGraph | undefined): LayoutState {
  const [, rerender] = useState(0);
  useEffect(() => {
    if (!flow || settled.has(flow)) return;
    let live = true;
    void requestLayout(flow).then(() => live && rerender((k) => k + 1));
    return () => {
      live = false;
    };
  }, [flow]);
  return (flow && settled.get(flow)) || { status: 'running' };
}
