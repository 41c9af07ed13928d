// Node and op counts of the shown model, and where it came from.
import { useMemo } from 'react';
import { opHistogram } from '../../ir/graph.ts';
import { formatBytes, formatMs, plural } from '../format/values.ts';
import { countNodes, describeNodeCount } from '../graph/to-flow.ts';
import { currentModel, modelFacts } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';

export function StatusBar() {
  const model = useKiln(currentModel);
  const doc = useKiln((s) => s.document);
  const view = useKiln((s) => s.view);
  const counts = useMemo(() => (model ? countNodes(model.graph) : undefined), [model]);
  const histogram = useMemo(() => (model ? Object.entries(opHistogram(model.graph)).map(([op, n]) => `${op} ×${n}`).join('\n') : ''), [model]);
  const diagnostics = model ? modelFacts(model).diagnostics.length : 0;
  if (!model || !counts || !doc) return <footer className="statusbar" data-testid="status-bar" />;
  const opset = model.opsetImports.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version;
  return (
    <footer className="statusbar" data-testid="status-bar">
      <span data-testid="node-count" data-node-count={counts.nodes}>{describeNodeCount(counts)}</span>
      <span data-testid="op-count" data-op-count={counts.opTypes} title={histogram}>{plural(counts.opTypes, 'op type')}</span>
      {opset !== undefined && <span>opset {opset}</span>}
      <span>{formatBytes(doc.bytes.byteLength)}</span>
      <span>opened in {formatMs(doc.loadMs)}</span>
      {view > 0 && <span className="statusbar__note">showing the model after step {view}</span>}
      {diagnostics > 0 && <span className="statusbar__warn" title="Listed in the inspector when no node is selected">{plural(diagnostics, 'diagnostic')}</span>}
    </footer>
  );
}
