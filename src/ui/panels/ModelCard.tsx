// What the open model is: name, description and license for bundled models; file facts otherwise.
import { useKiln } from '../store/store.ts';

export function ModelCard() {
  const doc = useKiln((s) => s.document);
  if (!doc) return <section className="model-card panel" data-testid="model-info" />;
  const { model, source } = doc;
  return (
    <section className="model-card panel" data-testid="model-info">
      {source.kind === 'bundled' ? (
        <>
          <h2 className="model-card__name">{source.entry.name}</h2>
          <p className="model-card__desc">{source.entry.description}</p>
          <dl className="model-card__facts">
            <dt>License</dt>
            <dd title={source.entry.license}>{source.entry.license}</dd>
            <dt>Source</dt>
            <dd title={source.entry.source}>{source.entry.source}</dd>
          </dl>
        </>
      ) : (
        <>
          <h2 className="model-card__name">{source.fileName}</h2>
          <p className="model-card__desc">{model.docString || 'Opened from a local file.'}</p>
          <dl className="model-card__facts">
            <dt>Producer</dt>
            <dd>{[model.producerName, model.producerVersion].filter(Boolean).join(' ') || 'unknown'}</dd>
            <dt>IR version</dt>
            <dd>{model.irVersion}</dd>
          </dl>
        </>
      )}
    </section>
  );
}
