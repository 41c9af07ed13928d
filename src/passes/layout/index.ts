// The layout family: NCHW → NHWC conversion and the transpose optimization that makes it pay off.
import type { Pass } from '../pass.ts';
import { sinkTransposes } from './sink-transposes.ts';
import { toNhwc } from './to-nhwc.ts';

export const LAYOUT_PASSES: readonly Pass[] = [toNhwc, sinkTransposes];
