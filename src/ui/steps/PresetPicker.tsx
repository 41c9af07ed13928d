// Choosing a named pipeline: its description and the passes it runs.
import { PIPELINES } from '../../passes/pipelines.ts';
import { useKiln } from '../store/store.ts';

export function PresetPicker() {
  const presetId = useKiln((s) => s.presetId);
  const choose = useKiln((s) => s.choosePreset);
  const def = Object.hasOwn(PIPELINES, presetId) ? PIPELINES[presetId] : undefined;
  return (
    <div className="preset">
      <select className="preset__select" data-testid="preset-picker" aria-label="Preset pipeline" value={def ? presetId : ''} onChange={(e) => choose(e.target.value)}>
        {!def && <option value="">Choose a preset…</option>}
        {Object.entries(PIPELINES).map(([id, p]) => (
          <option key={id} value={id} title={p.description}>
            {id}
          </option>
        ))}
      </select>
      {def && (
        <>
          <p className="preset__description" data-testid="preset-description">{def.description}</p>
          <p className="preset__passes mono">
            {def.passes.map((p) => p.id).join(' → ') || 'no passes'}
            {def.prepare && ' → (calibrated passes)'}
          </p>
        </>
      )}
    </div>
  );
}
