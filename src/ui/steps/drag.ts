// What a drag inside the pipeline composer carries: a pass from the library, or a list entry.
export const PASS_DRAG_TYPE = 'application/x-kiln-pass';

export type PassDrag = { readonly passId: string } | { readonly index: number };

export function readPassDrag(data: DataTransfer): PassDrag | undefined {
  const raw = data.getData(PASS_DRAG_TYPE);
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    if (typeof v.passId === 'string') return { passId: v.passId };
    if (typeof v.index === 'number') return { index: v.index };
  } catch {
    // not ours
  }
  return undefined;
}
