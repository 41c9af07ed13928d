// The custom pipeline: passes in order. Drop library passes in, drag entries to reorder, or use the
// ↑ ↓ × buttons.
import { useState, type DragEvent } from 'react';
import { PASSES } from '../../passes/registry.ts';
import { useKiln } from '../store/store.ts';
import { PASS_DRAG_TYPE, readPassDrag } from './drag.ts';

export function PassList() {
  const ids = useKiln((s) => s.customPassIds);
  const { addPass, movePass, removePass } = useKiln.getState();
  const [over, setOver] = useState<number | null>(null);

  const drop = (e: DragEvent, at: number) => {
    e.preventDefault();
    e.stopPropagation();
    setOver(null);
    const drag = readPassDrag(e.dataTransfer);
    if (!drag) return;
    if ('passId' in drag) addPass(drag.passId, at);
    else movePass(drag.index, drag.index < at ? at - 1 : at);
  };
  const allow = (e: DragEvent, at: number) => {
    if (!e.dataTransfer.types.includes(PASS_DRAG_TYPE)) return;
    e.preventDefault();
    setOver(at);
  };

  return (
    <ol className={`pass-list${over === ids.length ? ' pass-list--over' : ''}`} data-testid="custom-passes" onDragOver={(e) => allow(e, ids.length)} onDragLeave={() => setOver(null)} onDrop={(e) => drop(e, ids.length)}>
      {ids.length === 0 && <li className="pass-list__empty muted">Drag passes here, or press + in the list below.</li>}
      {ids.map((id, i) => (
        <li
          key={`${i}:${id}`}
          className={`pass-list__item${over === i ? ' pass-list__item--over' : ''}`}
          data-testid="custom-pass"
          data-pass-id={id}
          draggable
          onDragStart={(e) => {
            e.dataTransfer.setData(PASS_DRAG_TYPE, JSON.stringify({ index: i }));
            e.dataTransfer.effectAllowed = 'move';
          }}
          onDragOver={(e) => allow(e, i)}
          onDrop={(e) => drop(e, i)}
        >
          <span className="pass-list__index">{i + 1}</span>
          <span className="pass-list__title" title={PASSES[id]?.description}>{PASSES[id]?.title ?? id}</span>
          <button type="button" className="icon-btn" aria-label={`Move ${id} up`} disabled={i === 0} onClick={() => movePass(i, i - 1)}>↑</button>
          <button type="button" className="icon-btn" aria-label={`Move ${id} down`} disabled={i === ids.length - 1} onClick={() => movePass(i, i + 1)}>↓</button>
          <button type="button" className="icon-btn" data-testid="remove-pass" aria-label={`Remove ${id}`} onClick={() => removePass(i)}>×</button>
        </li>
      ))}
    </ol>
  );
}
