// The text pane's two faces: the model's ONNX text, or the WGSL of the selected node's kernel.
import type { TextMode } from '../store/backend-slice.ts';
import { useKiln } from '../store/store.ts';

const LABELS: Record<TextMode, string> = { onnx: 'Text', wgsl: 'WGSL' };

export function TextModeTabs() {
  const mode = useKiln((s) => s.textMode);
  return (
    <div className="segmented segmented--small" role="tablist" aria-label="Text pane">
      {(Object.keys(LABELS) as TextMode[]).map((m) => (
        <button key={m} type="button" role="tab" aria-selected={mode === m} className={`segmented__item${mode === m ? ' segmented__item--on' : ''}`} data-testid={`text-mode-${m}`} onClick={() => useKiln.getState().setTextMode(m)}>
          {LABELS[m]}
        </button>
      ))}
    </div>
  );
}
