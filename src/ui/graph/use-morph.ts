// Moves nodes from where they were to where the new layout puts them: the first frame draws them
// at their start positions, the next at their targets with a CSS transition on (class
// `graph__frame--morph`). Off for reduced motion and for very large graphs.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Positions } from './use-layout.ts';

const MAX_ANIMATED_NODES = 800;

function reducedMotion(): boolean {
  return typeof window !== 'undefined' && !!window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
}

export interface Morph {
  readonly positions: Positions;
  /** True while nodes should transition to `positions`. */
  readonly moving: boolean;
}

/** `key` changes once per shown graph; `start` gives start positions from the positions on screen before it. */
export function useMorph(key: object, target: Positions, nodeCount: number, start: (shown: Positions | undefined) => Positions): Morph {
  const shown = useRef<Positions | undefined>(undefined);
  const animate = nodeCount <= MAX_ANIMATED_NODES && !reducedMotion();
  const from = useMemo(() => (animate && shown.current ? start(shown.current) : undefined), [key]);
  const [arrived, setArrived] = useState<object | null>(null);
  const atStart = !!from && arrived !== key;

  useLayoutEffect(() => {
    if (!atStart) return;
    // Two frames: the start positions must be drawn once before the move begins.
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => setArrived(key));
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [atStart, key]);

  useEffect(() => {
    if (!atStart) shown.current = target;
  }, [atStart, target]);

  return { positions: atStart ? { ...target, ...from } : target, moving: !!from && !atStart };
}
