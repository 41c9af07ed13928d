// Bundled models by name, and a button to open a file from disk.
import { openBundled, openFile } from '../commands/open-model.ts';
import { useKiln } from '../store/store.ts';

export function ModelPicker() {
  const manifest = useKiln((s) => s.manifest);
  const source = useKiln((s) => s.document?.source);
  const loading = useKiln((s) => s.loading);
  const value = source?.kind === 'bundled' ? source.entry.id : '';
  return (
    <div className="toolbar__group">
      <label className="field">
        <span className="field__label">Model</span>
        <select data-testid="model-picker" value={value} disabled={!manifest} onChange={(e) => e.target.value && void openBundled(e.target.value)}>
          {source?.kind === 'file' && <option value="">{source.fileName}</option>}
          {!source && <option value="">{loading ?? '…'}</option>}
          {manifest?.models.map((m) => (
            <option key={m.id} value={m.id} title={m.description}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label className="btn" title="Open an .onnx file (or drop one anywhere on the window)">
        Open…
        <input
          type="file"
          accept=".onnx,application/octet-stream"
          data-testid="file-input"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = ''; // picking the same file again must load it again
            if (file) void openFile(file);
          }}
        />
      </label>
      {loading && <span className="spinner" aria-label={`Opening ${loading}`} />}
    </div>
  );
}
