// What to-fp16 knows about ops, as data: the default block list (kept in float32), the inputs that
// must stay float32 even when their op converts, the inputs that take any float precision, and
// which ops onnxruntime's CPU provider actually computes in float16.

/**
 * Op types kept in float32 by default, with the reason shown in the pass's near misses.
 * The first group is onnxconverter-common's DEFAULT_OP_BLOCK_LIST (the converter behind
 * onnxruntime's float16 tooling): index and coordinate ops where float16's 11-bit mantissa
 * corrupts results (box coordinates, ranges, running sums) and Min/Max, which it blocks too.
 * The second group is Kiln's: a LayerNorm written out as ops squares activations (Pow) and
 * averages the squares (ReduceMean); x² overflows float16's 65504 once |x| > 256, which
 * transformer activations reach (to-fp16.test.ts shows the inf with float16 storage).
 * onnxruntime's CPU provider hides this, as it computes both ops in float32 itself, but a float16
 * GPU kernel would not. Quantization ops stay float32 so a quantized model converts too.
 */
export const DEFAULT_FP16_BLOCK_LIST: Readonly<Record<string, string>> = {
  NonMaxSuppression: 'box coordinates and scores lose too much precision (onnxconverter-common blocks it)',
  TopK: 'ties and ordering change under float16 rounding (onnxconverter-common blocks it)',
  RoiAlign: 'sampling coordinates lose too much precision (onnxconverter-common blocks it)',
  Resize: 'scales and coordinate transforms need float32 (onnxconverter-common blocks it)',
  Upsample: 'scales need float32 (onnxconverter-common blocks it)',
  Range: 'float16 cannot count past 2048 exactly (onnxconverter-common blocks it)',
  CumSum: 'running sums accumulate float16 rounding error (onnxconverter-common blocks it)',
  Min: 'often clamps shape arithmetic (onnxconverter-common blocks it)',
  Max: 'often clamps shape arithmetic (onnxconverter-common blocks it)',
  RandomUniformLike: 'its dtype follows its input (onnxconverter-common blocks it)',
  QuantizeLinear: 'its scale input is float32 before opset 19',
  DequantizeLinear: 'its scale input is float32 before opset 19',
  DynamicQuantizeLinear: 'it takes float32 only',
  Pow: 'squares for a variance overflow float16 (65504) once |x| > 256',
  ReduceMean: 'a variance or mean of squares can overflow float16; onnxruntime keeps LayerNorm statistics in float32 too',
};

/** Inputs that stay float32 when their op converts (Resize's roi and scales are typed apart from X). */
export const FLOAT32_INPUTS: Readonly<Record<string, readonly number[]>> = {
  Resize: [1, 2],
  Upsample: [1],
};

/** Inputs that read either precision without a Cast (only the shape, or any type, is used). */
export const ANY_PRECISION_INPUTS: Readonly<Record<string, readonly number[]>> = {
  Shape: [0],
  Size: [0],
  Cast: [0],
  CastLike: [0],
};

/** Ops whose output dtype an attribute fixes: converting them means rewriting the attribute. */
export const DTYPE_ATTRIBUTE_OPS: ReadonlySet<string> = new Set(['Cast', 'ConstantOfShape']);

/** Ops whose output dtype an attribute fixes that to-fp16 does not rewrite (kept in float32). */
export const FIXED_DTYPE_OPS: ReadonlySet<string> = new Set(['EyeLike', 'RandomNormal', 'RandomUniform', 'RandomNormalLike', 'RandomUniformLike', 'Multinomial', 'Bernoulli']);

/**
 * Ops onnxruntime 1.30's CPU provider (x86-64) has float16 kernels for: data movement and fills, Max/Min,
 * Clip, Sign, Round, IsNaN and LayerNormalization. Every other op in a float16 model still loads
 * and runs there, but onnxruntime computes it in float32 between Casts it inserts itself
 * (its InsertCastTransformer). to-fp16.test.ts checks this list against onnxruntime-node.
 */
export const ORT_CPU_FLOAT16_OPS: ReadonlySet<string> = new Set([
  'Identity', 'Flatten', 'Reshape', 'Transpose', 'Concat', 'Split', 'Slice', 'Gather', 'GatherElements',
  'Unsqueeze', 'Squeeze', 'Expand', 'Shape', 'Cast', 'ConstantOfShape', 'Max', 'Min', 'Clip', 'Sign', 'Round', 'IsNaN', 'LayerNormalization',
]);
