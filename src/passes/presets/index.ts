// The passes that exist only for the framework presets (a family of their own in registry.ts),
// and the presets themselves, as data: which passes each framework-style pipeline runs.
import type { Pass } from '../pass.ts';
import { simplifyInference } from './simplify-inference.ts';

export const PRESET_PASSES: readonly Pass[] = [simplifyInference];
