// Every registered pass by family, searchable. Drag a pass into the custom list, or press its +.
import { PASS_FAMILIES } from '../../passes/registry.ts';
import { useKiln } from '../store/store.ts';
import { PASS_DRAG_TYPE } from './drag.ts';
import { filterPasses } from './pass-filter.ts';

export function PassLibrary() {
  const filter = useKiln((s) => s.passFilter);
  const setFilter = useKiln((s) => s.setPassFilter);
  const addPass = useKiln((s) => s.addPass);
  const families = filterPasses(PASS_FAMILIES, filter);
  return (
    <div className="library">
      <input type="search" className="library__search" data-testid="pass-search" placeholder="Search passes…" aria-label="Search passes" value={filter} onChange={(e) => setFilter(e.target.value)} />
      {families.length === 0 && <p className="muted">No pass matches “{filter}”.</p>}
      {families.map(([family, passes]) => (
        <section key={family} className="library__family" data-testid="pass-family" data-family={family}>
          <h3>{family}</h3>
          <ul className="library__passes">
            {passes.map((p) => (
              <li
                key={p.id}
                className="library__pass"
                data-testid="library-pass"
                data-pass-id={p.id}
                draggable
                title={p.description}
                onDragStart={(e) => {
                  e.dataTransfer.setData(PASS_DRAG_TYPE, JSON.stringify({ passId: p.id }));
                  e.dataTransfer.effectAllowed = 'copyMove';
                }}
              >
                <span className="library__title">{p.title}</span>
                <span className="library__id mono">{p.id}</span>
                <button type="button" className="icon-btn" data-testid="add-pass" aria-label={`Add ${p.title}`} onClick={() => addPass(p.id)}>
                  +
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
