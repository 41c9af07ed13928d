// A node the shown step removed, drawn where it stood before the step: red, dashed, fading out.
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { GhostFlowNode } from './diff-nodes.ts';

function GhostNodeView({ data }: NodeProps<GhostFlowNode>) {
  return (
    <div className="ghost-node" data-testid="ghost-node" data-node-id={data.nodeId} data-selected={data.selected ? 'true' : undefined} title={`${data.opType} ${data.nodeId}: removed by this step`}>
      <div className="op-node__head">
        <span className="op-node__type">{data.opType}</span>
        <span className="op-node__badge op-node__badge--removed">removed</span>
      </div>
      <div className="op-node__name">{data.nodeId}</div>
    </div>
  );
}

export const GhostNode = memo(GhostNodeView);
