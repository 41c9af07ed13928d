// One operator box: op type, name, and its weights as compact rows (initializers and the
// constants folded into them). Marks: the step's change, "no kernel" where Kiln's WebGPU backend
// cannot run the node, and with the heatmap on, the measured share of its kernel.
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import { CATEGORY_COLORS } from './category-colors.ts';
import { formatShare, type HeatMark } from './heatmap.ts';
import type { OpFlowNode } from './to-flow.ts';

export type ChangeMark = 'added' | 'rewired' | 'weights';
export type MarkedOpNode = OpFlowNode & {
  data: OpFlowNode['data'] & {
    change?: ChangeMark;
    /** Why the WebGPU backend cannot run this node (checkSupport's reason). */
    noKernel?: string;
    heat?: HeatMark;
  };
};

const CHANGE_LABELS: Record<ChangeMark, string> = { added: 'added', rewired: 'rewired', weights: 'new weight' };
const HEAT_LABELS: Record<Exclude<HeatMark['kind'], 'time'>, string> = { folded: 'folded', constant: 'constant', view: 'view', 'in-place': 'in place', absent: 'not run' };

function OpNodeView({ data, selected }: NodeProps<MarkedOpNode>) {
  const heat = data.heat;
  const style = { '--cat': CATEGORY_COLORS[data.category], ...(heat?.kind === 'time' ? { '--heat': heat.fill, '--heat-ink': heat.ink } : {}) } as CSSProperties;
  return (
    <div
      className="op-node"
      style={style}
      data-testid="op-node"
      data-node-id={data.nodeId}
      data-change={data.change}
      data-selected={selected ? 'true' : undefined}
      data-unsupported={data.unsupported ? 'true' : undefined}
      data-no-kernel={data.noKernel ? 'true' : undefined}
      data-fused={data.fused ? 'true' : undefined}
      data-heat={heat?.kind}
      data-heat-share={heat?.kind === 'time' ? heat.share.toFixed(4) : undefined}
      title={titleOf(data)}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="op-node__head">
        <span className="op-node__type">{data.opType}</span>
        {heat && <span className="op-node__heat">{heat.kind === 'time' ? formatShare(heat.share) : HEAT_LABELS[heat.kind]}</span>}
        {data.unsupported && <span className="op-node__badge">unsupported</span>}
        {!data.unsupported && data.noKernel && <span className="op-node__badge op-node__badge--no-kernel" data-testid="no-kernel-badge">no kernel</span>}
        {data.fused && !data.change && !data.noKernel && <span className="op-node__badge op-node__badge--fused">fused</span>}
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
  if (data.noKernel) return `${data.opType}: Kiln's WebGPU backend cannot run this node yet: ${data.noKernel}`;
  if (data.heat?.kind === 'time') return `${data.opType}: its kernel takes ${data.heat.ms.toFixed(3)} ms, ${formatShare(data.heat.share)} of the kernel time (median of the timed runs)`;
  if (data.madeFrom > 0) return `${data.opType}: made by a pass from ${data.madeFrom} node${data.madeFrom === 1 ? '' : 's'} (see the inspector)`;
  return undefined;
}

export const OpNode = memo(OpNodeView);
