// Asks the layout worker to place a flow graph; stale answers (the model changed meanwhile) are dropped.
import { useEffect, useState } from 'react';
import { layoutWorker } from '../../workers/client.ts';
import { describeError } from '../commands/describe-error.ts';
import type { FlowGraph } from './to-flow.ts';

export interface LayoutState {
  readonly status: 'running' | 'done' | 'error';
  readonly positions?: Readonly<Record<string, { x: number; y: number }>>;
  readonly message?: string;
  readonly ms?: number;
}

export function useLayout(flow: FlowGraph | undefined): LayoutState {
  const [state, setState] = useState<{ flow?: FlowGraph; layout: LayoutState }>({ layout: { status: 'running' } });
  useEffect(() => {
    if (!flow) return;
    let live = true;
    layoutWorker()
      .layout({
        nodes: flow.nodes.map((n) => ({ id: n.id, width: n.width ?? 0, height: n.height ?? 0 })),
        edges: flow.edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
      })
      .then(
        (r) => live && setState({ flow, layout: { status: 'done', positions: r.positions, ms: r.ms } }),
        (e: unknown) => live && setState({ flow, layout: { status: 'error', message: describeError(e, 'Layout failed') } }),
      );
    return () => {
      live = false;
    };
  }, [flow]);
  return state.flow === flow ? state.layout : { status: 'running' };
}
