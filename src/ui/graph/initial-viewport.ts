// Where the camera starts on a freshly laid-out graph. Fitting a 300-layer network whole makes
// every box a speck, so when fitting would shrink text below readability the view keeps a
// readable zoom and starts at the top, where the inputs are.
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

const PADDING = 24;
/** Below this zoom node labels stop being readable. */
export const READABLE_ZOOM = 0.8;
const MAX_ZOOM = 1.1;

/** Bounding box of boxes (0-size at the origin when there are none). */
export function boundsOf(boxes: readonly Box[]): Box {
  if (boxes.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Fits `boxes` when that keeps them readable; otherwise keeps a readable zoom and shows the top of
 * the graph, centered on the nodes that are in view there (not on the whole graph's middle).
 */
export function initialViewport(boxes: readonly Box[], view: { width: number; height: number }): Viewport {
  const content = boundsOf(boxes);
  const fitX = (view.width - 2 * PADDING) / Math.max(1, content.width);
  const fitY = (view.height - 2 * PADDING) / Math.max(1, content.height);
  const fit = Math.min(fitX, fitY, MAX_ZOOM);
  const centerOn = (b: Box, zoom: number) => view.width / 2 - (b.x + b.width / 2) * zoom;
  if (fit >= READABLE_ZOOM) {
    return { x: centerOn(content, fit), y: view.height / 2 - (content.y + content.height / 2) * fit, zoom: fit };
  }
  const zoom = Math.max(Math.min(fitX, MAX_ZOOM), READABLE_ZOOM);
  const bottom = content.y + view.height / zoom;
  const top = boundsOf(boxes.filter((b) => b.y < bottom));
  return { x: centerOn(top, zoom), y: PADDING - content.y * zoom, zoom };
}
