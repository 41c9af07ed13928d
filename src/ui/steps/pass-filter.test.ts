import { describe, expect, it } from 'vitest';
import { NO_CHANGES, type Pass } from '../../passes/pass.ts';
import { PASS_FAMILIES } from '../../passes/registry.ts';
import { filterPasses } from './pass-filter.ts';

const pass = (id: string, title: string, description: string): Pass => ({ id, title, description, run: (model) => ({ model, changes: NO_CHANGES }) });

describe('filterPasses', () => {
  const families = {
    cleanup: [pass('fold-constants', 'Fold constants', 'Evaluates constant subgraphs.')],
    fusion: [pass('fuse-conv-bn', 'Fuse Conv + BatchNorm', 'Folds BatchNormalization into Conv weights.'), pass('fuse-gelu', 'Fuse GELU', 'Erf-based GELU to one op.')],
    layout: [],
  };

  it('keeps every non-empty family for an empty query', () => {
    expect(filterPasses(families, '  ').map(([f, ps]) => [f, ps.length])).toEqual([['cleanup', 1], ['fusion', 2]]);
  });

  it('matches id, title and description, every word, case-insensitively', () => {
    expect(filterPasses(families, 'BATCHNORM').flatMap(([, ps]) => ps.map((p) => p.id))).toEqual(['fuse-conv-bn']);
    expect(filterPasses(families, 'fuse weights').flatMap(([, ps]) => ps.map((p) => p.id))).toEqual(['fuse-conv-bn']);
    expect(filterPasses(families, 'subgraphs')).toEqual([['cleanup', families.cleanup]]);
    expect(filterPasses(families, 'nothing-like-this')).toEqual([]);
  });

  it('finds every registered pass by its own id', () => {
    for (const p of Object.values(PASS_FAMILIES).flat()) {
      expect(filterPasses(PASS_FAMILIES, p.id).flatMap(([, ps]) => ps)).toContain(p);
    }
  });
});
