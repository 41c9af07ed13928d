// The stepping workspace: pipeline and steps left, the graph with its step diff center, the
// step's changes and the inspector right; text (or diff), numeric check and run below.
import { TextPane } from '../editor/TextPane.tsx';
import { GraphCanvas } from '../graph/GraphCanvas.tsx';
import { Inspector } from '../inspector/Inspector.tsx';
import { RunPanel } from '../run/RunPanel.tsx';
import { ChangesPanel } from '../steps/ChangesPanel.tsx';
import { PipelinePanel } from '../steps/PipelinePanel.tsx';
import { StepCheckPanel } from '../steps/StepCheckPanel.tsx';
import { StepChips } from '../steps/StepChips.tsx';
import { StepList } from '../steps/StepList.tsx';
import { ModelCard } from './ModelCard.tsx';

export function StepsWorkspace() {
  return (
    <>
      <main className="workspace">
        <div className="sidebar">
          <ModelCard />
          <PipelinePanel />
          <StepList />
        </div>
        <div className="center">
          <StepChips />
          <GraphCanvas />
        </div>
        <div className="rightbar">
          <ChangesPanel />
          <Inspector />
        </div>
      </main>
      <div className="bottom-panels">
        <TextPane />
        <StepCheckPanel />
        <RunPanel />
      </div>
    </>
  );
}
