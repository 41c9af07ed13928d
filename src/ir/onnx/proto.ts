// protobufjs message types for the ONNX schema. int64 fields decode as Long (never as lossy
// numbers), in Node and in the browser alike, because Long is configured explicitly here.
import protobuf from 'protobufjs/light.js';
import Long from 'long';
import { onnxSchema } from './schema.ts';

protobuf.util.Long = Long;
protobuf.configure();

const root = protobuf.Root.fromJSON(onnxSchema as unknown as protobuf.INamespace);

export const ModelProto = root.lookupType('onnx.ModelProto');
export const GraphProto = root.lookupType('onnx.GraphProto');
export const TensorProto = root.lookupType('onnx.TensorProto');
export const SequenceProto = root.lookupType('onnx.SequenceProto');
export const OptionalProto = root.lookupType('onnx.OptionalProto');
export const TypeProto = root.lookupType('onnx.TypeProto');
export const FunctionProto = root.lookupType('onnx.FunctionProto');
export { Long };
