// Structural fusions (elementwise loop fusion, horizontal fusion, concat elimination), in the
// order a pipeline runs them: siblings merge first (their bias Adds become one), then runs of
// elementwise ops fuse, then Reduce ops take in the fused groups they alone read (input fusion),
// then elementwise siblings reading one tensor become one multi-output kernel, then Concats
// whose inputs can be written in place are marked.
import type { Pass } from '../pass.ts';
import { eliminateConcat } from './eliminate-concat.ts';
import { fuseElementwise } from './fuse-elementwise.ts';
import { fuseHorizontal } from './fuse-horizontal.ts';
import { fuseReduce } from './fuse-reduce.ts';
import { fuseSiblings } from './fuse-siblings.ts';

export const STRUCTURAL_FUSION_PASSES: readonly Pass[] = [fuseHorizontal, fuseElementwise, fuseReduce, fuseSiblings, eliminateConcat];
