// A graph input or output: a pill with the value's name and shape.
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { IoFlowNode } from './to-flow.ts';

function IoNodeView({ data }: NodeProps<IoFlowNode>) {
  const isInput = data.direction === 'input';
  return (
    <div className={`io-node io-node--${data.direction}`} data-testid="io-node" title={`${data.direction} ${data.valueName}`}>
      {!isInput && <Handle type="target" position={Position.Top} isConnectable={false} />}
      <span className="io-node__kind">{data.direction}</span>
      <span className="io-node__name">{data.valueName}</span>
      <span className="io-node__dims">⟨{data.dims}⟩</span>
      {isInput && <Handle type="source" position={Position.Bottom} isConnectable={false} />}
    </div>
  );
}

export const IoNode = memo(IoNodeView);
