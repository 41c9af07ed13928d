// One operator box: op type, name, and its weights as compact rows (initializers and the
// constants folded into them).
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import { CATEGORY_COLORS } from './category-colors.ts';
import type { OpFlowNode } from './to-flow.ts';

export type ChangeMark = 'added' | 'rewired' | 'weights';
export type MarkedOpNode = OpFlowNode & { data: OpFlowNode['data'] & { change?: ChangeMark } };

const CHANGE_LABELS: Record<ChangeMark, string> = { added: 'added', rewired: 'rewired', weights: 'new weight' };

function OpNodeView({ data, selected }: NodeProps<MarkedOpNode>) {
  const style = { '--cat': CATEGORY_COLORS[data.category] } as CSSProperties;
  return (
    <div
      className="op-node"
      style={style}
      data-testid="op-node"
      data-node-id={data.nodeId}
      data-change={data.change}
      data-selected={selected ? 'true' : undefined}
      data-unsupported={data.unsupported ? 'true' : undefined}
      data-fused={data.fused ? 'true' : undefined}
      title={titleOf(data)}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="op-node__head">
        <span className="op-node__type">{data.opType}</span>
        {data.unsupported && <span className="op-node__badge">unsupported</span>}
        {data.fused && !data.change && <span className="op-node__badge op-node__badge--fused">fused</span>}
        {data.change && <span className={`op-node__badge op-node__badge--${data.change}`}>{CHANGE_LABELS[data.change]}</span>}
      </div>
      <div className="op-node__name">{data.name || data.nodeId}</div>
      {data.weights.length > 0 && (
        <ul className="op-node__weights">
          {data.weights.map((w) => (
            <li key={w.valueName} title={w.constantNodeId ? `${w.valueName} (Constant node '${w.constantNodeId}')` : w.valueName}>
              <span className="op-node__weight-name">{w.label}</span>
              <span className="op-node__weight-dims">⟨{w.dims}⟩</span>
            </li>
          ))}
          {data.hiddenWeights > 0 && <li className="op-node__more">+{data.hiddenWeights} more</li>}
        </ul>
      )}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}

function titleOf(data: MarkedOpNode['data']): string | undefined {
  if (data.unsupported) return `${data.opType}: unknown operator (shown, but Kiln cannot infer, optimize or run it)`;
  if (data.madeFrom > 0) return `${data.opType}: made by a pass from ${data.madeFrom} node${data.madeFrom === 1 ? '' : 's'} (see the inspector)`;
  return undefined;
}

export const OpNode = memo(OpNodeView);
