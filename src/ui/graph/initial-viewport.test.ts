import { describe, expect, it } from 'vitest';
import { boundsOf, initialViewport, READABLE_ZOOM } from './initial-viewport.ts';

const view = { width: 800, height: 600 };

describe('initialViewport', () => {
  it('fits and centers a graph that is readable whole', () => {
    const content = { x: 0, y: 0, width: 400, height: 300 };
    const v = initialViewport([{ x: 0, y: 0, width: 10, height: 10 }, { x: 390, y: 290, width: 10, height: 10 }], view);
    expect(v.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    // The content's center lands on the view's center.
    expect(v.x + (content.width / 2) * v.zoom).toBeCloseTo(view.width / 2);
    expect(v.y + (content.height / 2) * v.zoom).toBeCloseTo(view.height / 2);
  });

  it('keeps a tall graph readable, starts at its top, and centers the nodes up there', () => {
    const first = { x: 10, y: 50, width: 200, height: 40 };
    const far = { x: 2000, y: 20000, width: 200, height: 40 };
    const v = initialViewport([first, far], view);
    expect(v.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(v.y + first.y * v.zoom).toBeGreaterThan(0);
    expect(v.y + first.y * v.zoom).toBeLessThan(50);
    expect(v.x + (first.x + first.width / 2) * v.zoom).toBeCloseTo(view.width / 2);
  });
});

describe('boundsOf', () => {
  it('spans all boxes', () => {
    expect(boundsOf([{ x: 10, y: 20, width: 5, height: 5 }, { x: -5, y: 0, width: 10, height: 100 }])).toEqual({ x: -5, y: 0, width: 20, height: 100 });
  });
});
