// The shell: toolbar on top, then the stepping workspace or the compare view, status bar last.
// State lives in the store; each area is its own component.
import { CompareView } from './compare/CompareView.tsx';
import { DropOverlay } from './panels/DropOverlay.tsx';
import { ErrorBanner } from './panels/ErrorBanner.tsx';
import { StatusBar } from './panels/StatusBar.tsx';
import { StepsWorkspace } from './panels/StepsWorkspace.tsx';
import { useKiln } from './store/store.ts';
import { Toolbar } from './toolbar/Toolbar.tsx';

export function App() {
  const loadStatus = useKiln((s) => s.loadStatus);
  const workspace = useKiln((s) => s.workspace);
  return (
    <div className="app" data-testid="app" data-status={loadStatus}>
      <Toolbar />
      <ErrorBanner />
      {workspace === 'compare' ? <CompareView /> : <StepsWorkspace />}
      <StatusBar />
      <DropOverlay />
    </div>
  );
}
