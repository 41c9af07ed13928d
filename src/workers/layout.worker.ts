// Layered top-to-bottom graph layout with ELK, off the main thread: a few hundred nodes take ELK
// most of a second, which would freeze the canvas if done in the page.
import { expose } from 'comlink';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { LayoutApi, LayoutRequest, LayoutResult } from './protocol.ts';

const elk = new ELK();

const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.spacing.nodeNodeBetweenLayers': '48',
  'elk.spacing.nodeNode': '32',
  'elk.spacing.edgeNode': '24',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

const api: LayoutApi = {
  async layout(request: LayoutRequest): Promise<LayoutResult> {
    const t0 = performance.now();
    const root = await elk.layout({
      id: 'root',
      layoutOptions: LAYOUT_OPTIONS,
      children: request.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
      edges: request.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
    });
    const positions: Record<string, { x: number; y: number }> = {};
    for (const child of root.children ?? []) positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
    return { positions, ms: performance.now() - t0 };
  },
};

expose(api);
