// One camera that shows every compared graph whole (at a readable zoom when they are tall).
import { flowOf } from '../graph/flow-cache.ts';
import { initialViewport, type Box } from '../graph/initial-viewport.ts';
import { requestLayout } from '../graph/use-layout.ts';
import { useKiln } from '../store/store.ts';

export async function fitAll(): Promise<void> {
  const { compareResults } = useKiln.getState();
  const boxes: Box[] = [];
  for (const r of compareResults) {
    if (r.status !== 'done') continue;
    const flow = flowOf(r.entry.final);
    const layout = await requestLayout(flow);
    for (const n of flow.nodes) {
      const p = layout.positions?.[n.id];
      if (p) boxes.push({ ...p, width: n.width ?? 0, height: n.height ?? 0 });
    }
  }
  const frame = document.querySelector('.compare-canvas__frame');
  if (!frame || boxes.length === 0) return;
  useKiln.getState().setCompareViewport(initialViewport(boxes, { width: frame.clientWidth, height: frame.clientHeight }));
}
