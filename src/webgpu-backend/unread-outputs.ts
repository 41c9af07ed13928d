// Optional outputs nobody reads are dropped before legality: Dropout's mask (exported by many
// classic CNNs and never used at inference) would otherwise turn a free view into a refusal.
import type { Node } from '../ir/types.ts';

const OPTIONAL_OUTPUTS: Readonly<Record<string, readonly number[]>> = { Dropout: [1] };

export function dropUnreadOptionalOutputs(order: readonly Node[], alsoRead: Iterable<string>): Node[] {
  const read = new Set(alsoRead);
  for (const n of order) for (const i of n.inputs) if (i) read.add(i);
  return order.map((n) => {
    const optional = (n.domain === '' || n.domain === 'ai.onnx') && OPTIONAL_OUTPUTS[n.opType];
    if (!optional || !optional.some((k) => n.outputs[k] && !read.has(n.outputs[k]!))) return n;
    const outputs = n.outputs.map((o, k) => (optional.includes(k) && o && !read.has(o) ? '' : o));
    while (outputs.length > 1 && outputs[outputs.length - 1] === '') outputs.pop();
    return { ...n, outputs };
  });
}
