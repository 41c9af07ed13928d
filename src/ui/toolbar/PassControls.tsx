// Switches between stepping through one pipeline and comparing several side by side.
import { useKiln } from '../store/store.ts';
import type { Workspace } from '../store/ui-slice.ts';

const LABELS: Record<Workspace, string> = { steps: 'Steps', compare: 'Compare' };

export function PassControls() {
  const workspace = useKiln((s) => s.workspace);
  const setWorkspace = useKiln((s) => s.setWorkspace);
  return (
    <div className="toolbar__group segmented" role="tablist" aria-label="Workspace">
      {(Object.keys(LABELS) as Workspace[]).map((w) => (
        <button key={w} type="button" role="tab" aria-selected={workspace === w} className={`segmented__item${workspace === w ? ' segmented__item--on' : ''}`} data-testid={`workspace-${w}`} onClick={() => setWorkspace(w)}>
          {LABELS[w]}
        </button>
      ))}
    </div>
  );
}
