import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { NO_CHANGES } from '../../passes/pass.ts';
import type { StepPayload } from '../../workers/protocol.ts';
import { viewAfterKey, visibleViews } from './step-nav.ts';

const model = makeModel(new GraphBuilder('g').build());
const step = (changedIt: boolean): StepPayload => ({ passId: 'p', title: 'p', model, ms: 0, changes: { ...NO_CHANGES, removed: changedIt ? ['n'] : [] } });

describe('step navigation', () => {
  const steps = [step(true), step(false), step(true)];

  it('lists every view, or only the changing steps when unchanged ones are hidden', () => {
    expect(visibleViews(steps, false)).toEqual([0, 1, 2, 3]);
    expect(visibleViews(steps, true)).toEqual([0, 1, 3]);
  });

  it('steps over hidden views and stops at the ends', () => {
    const views = visibleViews(steps, true);
    expect(viewAfterKey('ArrowRight', 1, views)).toBe(3);
    expect(viewAfterKey('ArrowLeft', 3, views)).toBe(1);
    expect(viewAfterKey('ArrowRight', 3, views)).toBe(3);
    expect(viewAfterKey('ArrowLeft', 0, views)).toBe(0);
    expect(viewAfterKey('ArrowLeft', 2, views)).toBe(1);
    expect(viewAfterKey('Home', 2, views)).toBe(0);
    expect(viewAfterKey('End', 0, views)).toBe(3);
  });
});
