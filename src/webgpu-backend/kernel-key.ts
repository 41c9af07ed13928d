// Pipeline cache keys are derived from everything a pipeline is made of (the WGSL text and the
// binding layout), never written by hand: a hand-written key that forgets an attribute baked
// into the shader silently reuses the wrong pipeline.
import type { BindingKind } from './wgsl/shader.ts';

/** cyrb53: a fast 53-bit string hash; collisions among a few thousand shaders are negligible. */
function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** One letter per binding: r (read-only storage), w (read-write storage), u (uniform). */
export function layoutKey(layout: readonly BindingKind[]): string {
  return layout.map((b) => (b === 'read-only-storage' ? 'r' : b === 'storage' ? 'w' : 'u')).join('');
}

export function pipelineKey(wgsl: string, layout: readonly BindingKind[]): string {
  return `${layoutKey(layout)}:${hash53(wgsl).toString(36)}:${wgsl.length}`;
}
