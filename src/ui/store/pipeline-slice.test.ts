import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { createPipelineSlice, type PipelineSlice } from './pipeline-slice.ts';
import type { KilnState } from './store.ts';

const store = () => create<PipelineSlice>()((...a) => createPipelineSlice(...(a as unknown as Parameters<typeof createPipelineSlice>)) as PipelineSlice & Partial<KilnState>);

describe('the custom pass list', () => {
  it('inserts where a pass is dropped, moves entries and removes them', () => {
    const s = store();
    s.getState().addPass('a');
    s.getState().addPass('c');
    s.getState().addPass('b', 1);
    expect(s.getState().customPassIds).toEqual(['a', 'b', 'c']);
    s.getState().movePass(2, 0);
    expect(s.getState().customPassIds).toEqual(['c', 'a', 'b']);
    s.getState().movePass(0, 9);
    expect(s.getState().customPassIds).toEqual(['a', 'b', 'c']);
    s.getState().removePass(1);
    expect(s.getState().customPassIds).toEqual(['a', 'c']);
  });
});
