// The layout-sensitive ops to-nhwc converts, as data, and the model-local ONNX function that gives
// each Kiln NHWC op its meaning for every other runtime:
//
//   kiln.NhwcConv (X: NHWC, W: HWIO, B) = Transpose<[0,2,3,1]>(Conv(Transpose<[0,3,1,2]>(X), Transpose<[3,2,0,1]>(W), B))
//
// Kiln's backend reads the node itself (same attributes as the ONNX op) and never runs the body.
//
// Weight layouts, chosen for a WebGPU implicit-GEMM kernel (what onnxruntime-web's WebGPU conv
// does for channels-last): an NHWC conv is the matrix product of the im2col rows of X
// ([N·H·W, kh·kw·Cin], Cin contiguous) with W viewed as [kh·kw·Cin, Cout]. Storing W as HWIO
// [kh, kw, Cin/group, Cout] makes that view row-major, so a workgroup loads Cout-contiguous vec4
// tiles of W the same way it loads Cin-contiguous tiles of X; a depthwise weight becomes
// [kh, kw, 1, C], channel-contiguous like its input. ConvTranspose weights [Cin, Cout/group, kh, kw]
// become [kh, kw, Cin, Cout/group] for the same reason.
import type { Attribute, FunctionDef, Node } from '../../ir/types.ts';
import { invertPerm, TO_NCHW, TO_NHWC } from './perm.ts';

export interface NhwcOpSpec {
  /** The ONNX op converted. */
  readonly opType: string;
  /** Rule id suffix (`to-nhwc/<rule>`). */
  readonly rule: string;
  /** The function's formal inputs; input 0 is the activation, the rest are passed through. */
  readonly inputs: readonly string[];
  /** Every attribute the op may carry in any opset; the body forwards each by reference. */
  readonly attributes: readonly string[];
  /** How input 1 (the weight) is stored for the NHWC kernel, and the name of that layout. */
  readonly weight?: { readonly perm: readonly number[]; readonly layout: string };
  /** What outputs after the first hold; they are in NCHW order, so the op converts only when they are unread. */
  readonly extraOutputs?: string;
}

const CONV_ATTRS = ['auto_pad', 'dilations', 'group', 'kernel_shape', 'pads', 'strides'];
const POOL_ATTRS = ['auto_pad', 'ceil_mode', 'dilations', 'kernel_shape', 'pads', 'strides'];

export const NHWC_OPS: readonly NhwcOpSpec[] = [
  { opType: 'Conv', rule: 'conv', inputs: ['X', 'W', 'B'], attributes: CONV_ATTRS, weight: { perm: [2, 3, 1, 0], layout: 'HWIO' } },
  {
    opType: 'ConvTranspose',
    rule: 'conv-transpose',
    inputs: ['X', 'W', 'B'],
    attributes: [...CONV_ATTRS, 'output_padding', 'output_shape'],
    weight: { perm: [2, 3, 0, 1], layout: 'HWIO' },
  },
  { opType: 'MaxPool', rule: 'max-pool', inputs: ['X'], attributes: [...POOL_ATTRS, 'storage_order'], extraOutputs: 'indices (flat NCHW offsets)' },
  { opType: 'AveragePool', rule: 'average-pool', inputs: ['X'], attributes: [...POOL_ATTRS, 'count_include_pad'] },
  { opType: 'GlobalAveragePool', rule: 'global-average-pool', inputs: ['X'], attributes: [] },
  { opType: 'GlobalMaxPool', rule: 'global-max-pool', inputs: ['X'], attributes: [] },
  {
    opType: 'BatchNormalization',
    rule: 'batch-normalization',
    inputs: ['X', 'scale', 'B', 'input_mean', 'input_var'],
    attributes: ['epsilon', 'momentum', 'spatial', 'training_mode'],
    extraOutputs: 'running statistics (training mode)',
  },
  { opType: 'InstanceNormalization', rule: 'instance-normalization', inputs: ['X', 'scale', 'B'], attributes: ['epsilon'] },
  { opType: 'LRN', rule: 'lrn', inputs: ['X'], attributes: ['alpha', 'beta', 'bias', 'size'] },
];

export const nhwcOpName = (spec: NhwcOpSpec) => `Nhwc${spec.opType}`;

function bodyNode(id: string, opType: string, inputs: string[], outputs: string[], attributes: Attribute[]): Node {
  return { id, name: id, opType, domain: '', inputs, outputs, attributes };
}

const ATTRIBUTE_TYPES: Readonly<Record<string, 'int' | 'ints' | 'float' | 'floats' | 'string'>> = {
  auto_pad: 'string',
  dilations: 'ints', kernel_shape: 'ints', pads: 'ints', strides: 'ints', output_padding: 'ints', output_shape: 'ints',
  group: 'int', ceil_mode: 'int', storage_order: 'int', count_include_pad: 'int', spatial: 'int', training_mode: 'int', size: 'int',
  epsilon: 'float', momentum: 'float', alpha: 'float', beta: 'float', bias: 'float',
  activation: 'string', activation_params: 'floats',
};

/** `name = @name`: the body reads the caller's attribute (left out when the caller has none). */
function reference(name: string): Attribute {
  const refAttrName = name;
  switch (ATTRIBUTE_TYPES[name]) {
    case 'int': return { name, type: 'int', value: 0, refAttrName };
    case 'ints': return { name, type: 'ints', value: [], refAttrName };
    case 'float': return { name, type: 'float', value: 0, refAttrName };
    case 'floats': return { name, type: 'floats', value: [], refAttrName };
    case 'string': return { name, type: 'string', value: '', refAttrName };
    default: throw new Error(`no attribute type known for '${name}'`);
  }
}

const perm = (value: readonly number[]): Attribute => ({ name: 'perm', type: 'ints', value: [...value] });

/**
 * The standard ops computing `kiln.Nhwc<Op>` from `inputs` (the activation first, NHWC; the
 * weight second, in the spec's layout) into `output`: Transposes to ONNX layouts, the op, a
 * Transpose back. nhwcFunction passes attribute references; fuse-epilogue's
 * kiln.NhwcFusedConvEpilogue bodies pass the node's own values and append their expression, so
 * they depend on no other model-local function.
 */
export function nhwcBodyNodes(spec: NhwcOpSpec, inputs: readonly string[], output: string, attributes: readonly Attribute[]): Node[] {
  const nodes: Node[] = [bodyNode('x_to_nchw', 'Transpose', [inputs[0]!], ['X_nchw'], [perm(TO_NCHW)])];
  const args = ['X_nchw', ...inputs.slice(1)];
  if (spec.weight) {
    nodes.push(bodyNode('w_to_onnx', 'Transpose', [inputs[1]!], ['W_onnx'], [perm(invertPerm(spec.weight.perm))]));
    args[1] = 'W_onnx';
  }
  nodes.push(bodyNode('op', spec.opType, args, ['Y_nchw'], [...attributes]));
  nodes.push(bodyNode('y_to_nhwc', 'Transpose', ['Y_nchw'], [output], [perm(TO_NHWC)]));
  return nodes;
}

/** The model-local function defining `kiln.Nhwc<Op>` in standard ops of the model's opset. */
export function nhwcFunction(spec: NhwcOpSpec, opset: number): FunctionDef {
  const nodes = nhwcBodyNodes(spec, spec.inputs, 'Y', spec.attributes.map((name) => reference(name)));
  return {
    name: nhwcOpName(spec),
    domain: 'kiln',
    inputs: [...spec.inputs],
    outputs: ['Y'],
    attributes: [...spec.attributes],
    attributeDefaults: [],
    nodes,
    opsetImports: [{ domain: '', version: opset }],
    valueInfo: [],
    docString: `${spec.opType} on an NHWC input${spec.weight ? ` with its weight in ${spec.weight.layout} order` : ''}; the body converts to NCHW, runs ${spec.opType} and converts back.`,
  };
}

/** The conv spec (its attributes and HWIO weight layout), shared by the fused forms below and fuse-epilogue's. */
export const NHWC_CONV_SPEC = NHWC_OPS.find((spec) => spec.opType === 'Conv')!;

/** The overload of kiln.NhwcFusedConv whose fourth input is a residual Z (NHWC) added before the activation. */
export const NHWC_RESIDUAL_OVERLOAD = 'residual';

/**
 * kiln.NhwcFusedConv: kiln.NhwcConv with the activation of com.microsoft.FusedConv applied as it
 * writes (onnxruntime fuses the activation into its NHWC convolutions too). The body runs
 * com.microsoft.FusedConv between the same Transposes as kiln.NhwcConv's body. With `residual`,
 * the `residual` overload takes Z (NHWC, the output's shape) as a fourth input, transposed to
 * NCHW in the body as FusedConv reads it: a function body cannot skip a node for an absent
 * input, so the two call forms are two functions.
 */
export function nhwcFusedConvFunction(opset: number, residual = false): FunctionDef {
  const conv = nhwcFunction(NHWC_CONV_SPEC, opset);
  const attributes = [...NHWC_CONV_SPEC.attributes, 'activation', 'activation_params'];
  const nodes = conv.nodes.map((n) =>
    n.id === 'op'
      ? { ...n, opType: 'FusedConv', domain: 'com.microsoft', inputs: residual ? [...n.inputs, 'Z_nchw'] : n.inputs, attributes: attributes.map((name) => reference(name)) }
      : n,
  );
  if (residual) nodes.splice(nodes.findIndex((n) => n.id === 'op'), 0, bodyNode('z_to_nchw', 'Transpose', ['Z'], ['Z_nchw'], [perm(TO_NCHW)]));
  return {
    ...conv,
    name: 'NhwcFusedConv',
    ...(residual ? { overload: NHWC_RESIDUAL_OVERLOAD } : {}),
    inputs: residual ? [...conv.inputs, 'Z'] : conv.inputs,
    attributes,
    nodes,
    opsetImports: [...conv.opsetImports, { domain: 'com.microsoft', version: 1 }],
    docString: `com.microsoft.FusedConv (Conv${residual ? ' + residual Z' : ''} + activation) on an NHWC input with its weight in HWIO order; the body converts to NCHW, runs FusedConv and converts back.`,
  };
}
