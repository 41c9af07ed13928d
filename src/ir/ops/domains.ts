// Schemas outside the default domain: onnxruntime's com.microsoft contrib ops, ai.onnx.ml,
// ai.onnx.preview and the training ops of ai.onnx.preview.training.
import { INF, inDomain, op } from './define.ts';
import type { OpSchema } from './schema.ts';

export const MICROSOFT_SCHEMAS: readonly OpSchema[] = inDomain('com.microsoft', [
  // FusedConv(X, W, B?, Z?): Conv + optional residual Z + activation.
  op('FusedConv', 'fused', [2, 4]),
  op('FusedGemm', 'fused', [2, 3]),
  op('FusedMatMul', 'fused', [2, 2]),
  op('NhwcConv', 'conv', [2, 3]),
  op('Gelu', 'activation', [1, 1]),
  op('QuickGelu', 'activation', [1, 1]),
  op('FastGelu', 'fused', [1, 2]),
  op('BiasGelu', 'fused', [2, 2]),
  op('BiasAdd', 'fused', [3, 3]),
  op('LayerNormalization', 'normalization', [2, 3], [1, 3]),
  op('SimplifiedLayerNormalization', 'normalization', [2, 2], [1, 2]),
  op('SkipLayerNormalization', 'fused', [3, 5], [1, 4]),
  op('SkipSimplifiedLayerNormalization', 'fused', [3, 4], [1, 4]),
  // Attention(input, weights, bias?, mask_index?, past?, attention_bias?, past_sequence_length?)
  op('Attention', 'fused', [2, 7], [1, 3]),
  // MultiHeadAttention(query, key?, value?, bias?, key_padding_mask?, attention_bias?, past_key?, past_value?, ...)
  op('MultiHeadAttention', 'fused', [1, 10], [1, 4]),
  op('RotaryEmbedding', 'elementwise', [4, 4]),
  op('QLinearAdd', 'quantization', [7, 8]),
  op('QLinearMul', 'quantization', [7, 8]),
  op('QLinearSigmoid', 'quantization', [4, 5]),
  op('QLinearLeakyRelu', 'quantization', [4, 5]),
  op('QLinearSoftmax', 'quantization', [4, 5]),
  op('QLinearGlobalAveragePool', 'quantization', [4, 5]),
  op('QLinearConcat', 'quantization', [5, INF]),
  op('QuantizeLinear', 'quantization', [2, 3]),
  op('DequantizeLinear', 'quantization', [2, 3]),
  // DynamicQuantizeMatMul(A, B, b_scale, b_zero_point?, bias?)
  op('DynamicQuantizeMatMul', 'quantization', [3, 5]),
  // MatMulIntegerToFloat(A, B, a_scale, b_scale, a_zero_point?, b_zero_point?, bias?)
  op('MatMulIntegerToFloat', 'quantization', [4, 7]),
  op('MatMulInteger16', 'matmul', [2, 2]),
]);

export const ML_SCHEMAS: readonly OpSchema[] = inDomain('ai.onnx.ml', [
  op('ArrayFeatureExtractor', 'movement', [2, 2]),
  op('Binarizer', 'elementwise', [1, 1]),
  op('LabelEncoder', 'other', [1, 1]),
  op('TreeEnsemble', 'other', [1, 1]),
]);

export const PREVIEW_SCHEMAS: readonly OpSchema[] = inDomain('ai.onnx.preview', [op('FlexAttention', 'matmul', [3, INF])]);

export const TRAINING_SCHEMAS: readonly OpSchema[] = inDomain('ai.onnx.preview.training', [
  op('Adagrad', 'other', [3, INF], [1, INF]),
  op('Adam', 'other', [3, INF], [1, INF]),
  op('Momentum', 'other', [3, INF], [1, INF]),
  op('Gradient', 'other', [1, INF], [1, INF]),
]);
