import { ModelPicker } from './ModelPicker.tsx';
import { PassControls } from './PassControls.tsx';
import { RunButton } from './RunButton.tsx';

export function Toolbar() {
  return (
    <header className="toolbar">
      <div className="toolbar__brand">Kiln</div>
      <ModelPicker />
      <div className="toolbar__sep" />
      <PassControls />
      <div className="toolbar__spacer" />
      <RunButton />
    </header>
  );
}
