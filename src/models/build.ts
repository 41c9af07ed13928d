// The bundled models Kiln builds itself, serialized to ONNX.
import { exportModel } from '../ir/onnx/export.ts';
import { buildCnn } from './cnn.ts';
import { buildMlp } from './mlp.ts';
import { buildTransformer } from './transformer.ts';

export function buildBundledModels(): { file: string; bytes: Uint8Array }[] {
  return [
    { file: 'mlp.onnx', bytes: exportModel(buildMlp()) },
    { file: 'cnn.onnx', bytes: exportModel(buildCnn()) },
    { file: 'transformer.onnx', bytes: exportModel(buildTransformer()) },
  ];
}
