// The ai.onnx operators onnxruntime-web registers for WebGPU, for docs/conformance.md's comparison.
// Read by hand from onnxruntime's sources (microsoft/onnxruntime on GitHub); op names only.
//
// JSEP: js/web/docs/webgpu-operators.md at commit 51f617724148aafddb281c75f6740c72534d1f6f, the
// table generated from the TypeScript WebGPU kernels (the default `onnxruntime-web` import).
// com.microsoft ops from that table (BiasAdd, BiasSplitGelu, FusedConv, Gelu,
// SkipLayerNormalization) and MemcpyFromHost/MemcpyToHost are left out: the suite has no cases.
//
// Native: onnxruntime/core/providers/webgpu/webgpu_execution_provider.cc at commit
// 003f772b21abba32d4310f97b4c8e8035beacf4f, the entries of RegisterKernels() that are not commented
// out (the C++ WebGPU provider, `onnxruntime-web/webgpu`). At that commit Conv, ConvTranspose,
// Gemm, DepthToSpace, InstanceNormalization, Einsum and DequantizeLinear are declared but their
// registrations commented out; later commits enable more, so this is a snapshot, not the latest.

export const ORT_WEB_SOURCES = {
  jsep: 'https://github.com/microsoft/onnxruntime/blob/51f617724148aafddb281c75f6740c72534d1f6f/js/web/docs/webgpu-operators.md',
  native: 'https://github.com/microsoft/onnxruntime/blob/003f772b21abba32d4310f97b4c8e8035beacf4f/onnxruntime/core/providers/webgpu/webgpu_execution_provider.cc',
} as const;

export const ORT_WEB_JSEP_OPS: readonly string[] = [
  'Abs', 'Acos', 'Acosh', 'Add', 'ArgMax', 'ArgMin', 'Asin', 'Asinh', 'Atan', 'Atanh', 'AveragePool',
  'BatchNormalization', 'Cast', 'Ceil', 'Clip', 'Concat', 'Conv', 'ConvTranspose', 'Cos', 'Cosh', 'Div',
  'Einsum', 'Elu', 'Equal', 'Erf', 'Exp', 'Expand', 'Flatten', 'Floor', 'Gather', 'GatherElements', 'Gemm',
  'GlobalAveragePool', 'GlobalMaxPool', 'Greater', 'GreaterOrEqual', 'If', 'InstanceNormalization',
  'LayerNormalization', 'LeakyRelu', 'Less', 'LessOrEqual', 'Log', 'MatMul', 'MaxPool', 'Mul', 'Neg', 'Not',
  'Pad', 'Pow', 'Range', 'Reciprocal', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceMax',
  'ReduceMean', 'ReduceMin', 'ReduceProd', 'ReduceSum', 'ReduceSumSquare', 'Relu', 'Reshape', 'Resize', 'Shape',
  'Sigmoid', 'Sin', 'Sinh', 'Slice', 'Softmax', 'Split', 'Sqrt', 'Squeeze', 'Sub', 'Tan', 'Tanh',
  'ThresholdedRelu', 'Tile', 'Transpose', 'Unsqueeze', 'Where',
];

export const ORT_WEB_NATIVE_OPS: readonly string[] = [
  'Abs', 'Neg', 'Floor', 'Ceil', 'Reciprocal', 'Sqrt', 'Exp', 'Erf', 'Sigmoid', 'HardSigmoid', 'Log', 'Sin',
  'Cos', 'Tan', 'Asin', 'Acos', 'Atan', 'Sinh', 'Cosh', 'Asinh', 'Acosh', 'Atanh', 'Tanh', 'Not', 'Cast',
  'Clip', 'Elu', 'Relu', 'LeakyRelu', 'ThresholdedRelu', 'Gelu', 'Add', 'Sub', 'Mul', 'Div', 'Pow', 'Equal',
  'Greater', 'GreaterOrEqual', 'Less', 'LessOrEqual', 'Shape', 'Reshape', 'Squeeze', 'Unsqueeze', 'ReduceMax',
  'ReduceMean', 'ReduceMin', 'ReduceProd', 'ReduceSum', 'ReduceL1', 'ReduceL2', 'ReduceLogSum',
  'ReduceSumSquare', 'ReduceLogSumExp', 'Where', 'Transpose', 'MaxPool', 'AveragePool', 'GlobalAveragePool',
  'GlobalMaxPool', 'MatMul', 'ArgMax', 'ArgMin', 'Softmax', 'Concat', 'Split', 'Expand', 'Gather',
  'GatherElements', 'Resize', 'Slice', 'Flatten', 'Tile', 'LayerNormalization', 'Range', 'Pad', 'If',
  'BatchNormalization', 'CumSum',
];
