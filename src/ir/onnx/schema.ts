// The ONNX protobuf schema (onnx/onnx.proto, IR version 11) as a protobufjs JSON descriptor.
// Field names and numbers are the ONNX file format's definition (ONNX Project Contributors,
// Apache-2.0); this descriptor is written out by hand so that the browser bundle needs only
// protobufjs/light and no .proto parser. Fields Kiln does not model (device configurations,
// training info) are still declared so that they survive a decode/encode round trip.
// Message-typed fields Kiln never looks inside are declared as `bytes`: the wire format of a
// length-delimited submessage and of bytes is the same, so they pass through untouched.

const rep = (type: string, id: number, packed?: boolean) => ({
  rule: 'repeated',
  type,
  id,
  ...(packed === undefined ? {} : { options: { packed } }),
});
const opt = (type: string, id: number) => ({ type, id });

const stringStringEntry = { fields: { key: opt('string', 1), value: opt('string', 2) } };

export const onnxSchema = {
  options: { syntax: 'proto2' },
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: opt('string', 1),
            refAttrName: opt('string', 21),
            docString: opt('string', 13),
            type: opt('int32', 20),
            f: opt('float', 2),
            i: opt('int64', 3),
            s: opt('bytes', 4),
            t: opt('TensorProto', 5),
            g: opt('GraphProto', 6),
            sparseTensor: opt('SparseTensorProto', 22),
            tp: opt('TypeProto', 14),
            floats: rep('float', 7, false),
            ints: rep('int64', 8, false),
            strings: rep('bytes', 9),
            tensors: rep('TensorProto', 10),
            graphs: rep('GraphProto', 11),
            sparseTensors: rep('SparseTensorProto', 23),
            typeProtos: rep('TypeProto', 15),
          },
        },
        ValueInfoProto: {
          fields: {
            name: opt('string', 1),
            type: opt('TypeProto', 2),
            docString: opt('string', 3),
            metadataProps: rep('StringStringEntryProto', 4),
          },
        },
        NodeProto: {
          fields: {
            input: rep('string', 1),
            output: rep('string', 2),
            name: opt('string', 3),
            opType: opt('string', 4),
            domain: opt('string', 7),
            overload: opt('string', 8),
            attribute: rep('AttributeProto', 5),
            docString: opt('string', 6),
            metadataProps: rep('StringStringEntryProto', 9),
            deviceConfigurations: rep('bytes', 10),
          },
        },
        TrainingInfoProto: {
          fields: {
            initialization: opt('GraphProto', 1),
            algorithm: opt('GraphProto', 2),
            initializationBinding: rep('StringStringEntryProto', 3),
            updateBinding: rep('StringStringEntryProto', 4),
          },
        },
        ModelProto: {
          fields: {
            irVersion: opt('int64', 1),
            opsetImport: rep('OperatorSetIdProto', 8),
            producerName: opt('string', 2),
            producerVersion: opt('string', 3),
            domain: opt('string', 4),
            modelVersion: opt('int64', 5),
            docString: opt('string', 6),
            graph: opt('GraphProto', 7),
            metadataProps: rep('StringStringEntryProto', 14),
            trainingInfo: rep('bytes', 20),
            functions: rep('FunctionProto', 25),
            configuration: rep('bytes', 26),
          },
        },
        StringStringEntryProto: stringStringEntry,
        TensorAnnotation: {
          fields: {
            tensorName: opt('string', 1),
            quantParameterTensorNames: rep('StringStringEntryProto', 2),
          },
        },
        GraphProto: {
          fields: {
            node: rep('NodeProto', 1),
            name: opt('string', 2),
            initializer: rep('TensorProto', 5),
            sparseInitializer: rep('bytes', 15),
            docString: opt('string', 10),
            input: rep('ValueInfoProto', 11),
            output: rep('ValueInfoProto', 12),
            valueInfo: rep('ValueInfoProto', 13),
            quantizationAnnotation: rep('TensorAnnotation', 14),
            metadataProps: rep('StringStringEntryProto', 16),
          },
        },
        TensorProto: {
          fields: {
            dims: rep('int64', 1, false),
            dataType: opt('int32', 2),
            segment: opt('Segment', 3),
            floatData: rep('float', 4, true),
            int32Data: rep('int32', 5, true),
            stringData: rep('bytes', 6),
            int64Data: rep('int64', 7, true),
            name: opt('string', 8),
            docString: opt('string', 12),
            rawData: opt('bytes', 9),
            externalData: rep('StringStringEntryProto', 13),
            dataLocation: opt('int32', 14),
            doubleData: rep('double', 10, true),
            uint64Data: rep('uint64', 11, true),
            metadataProps: rep('StringStringEntryProto', 16),
          },
          nested: {
            Segment: { fields: { begin: opt('int64', 1), end: opt('int64', 2) } },
          },
        },
        SparseTensorProto: {
          fields: {
            values: opt('TensorProto', 1),
            indices: opt('TensorProto', 2),
            dims: rep('int64', 3, false),
          },
        },
        TensorShapeProto: {
          fields: { dim: rep('Dimension', 1) },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
              fields: {
                dimValue: opt('int64', 1),
                dimParam: opt('string', 2),
                denotation: opt('string', 3),
              },
            },
          },
        },
        TypeProto: {
          oneofs: {
            value: {
              oneof: ['tensorType', 'sequenceType', 'mapType', 'optionalType', 'sparseTensorType', 'opaqueType'],
            },
          },
          fields: {
            tensorType: opt('Tensor', 1),
            sequenceType: opt('Sequence', 4),
            mapType: opt('Map', 5),
            optionalType: opt('Optional', 9),
            sparseTensorType: opt('SparseTensor', 8),
            opaqueType: opt('bytes', 7),
            denotation: opt('string', 6),
          },
          nested: {
            Tensor: { fields: { elemType: opt('int32', 1), shape: opt('TensorShapeProto', 2) } },
            Sequence: { fields: { elemType: opt('TypeProto', 1) } },
            Map: { fields: { keyType: opt('int32', 1), valueType: opt('TypeProto', 2) } },
            Optional: { fields: { elemType: opt('TypeProto', 1) } },
            SparseTensor: { fields: { elemType: opt('int32', 1), shape: opt('TensorShapeProto', 2) } },
          },
        },
        OperatorSetIdProto: {
          fields: { domain: opt('string', 1), version: opt('int64', 2) },
        },
        FunctionProto: {
          fields: {
            name: opt('string', 1),
            input: rep('string', 4),
            output: rep('string', 5),
            attribute: rep('string', 6),
            attributeProto: rep('AttributeProto', 11),
            node: rep('NodeProto', 7),
            docString: opt('string', 8),
            opsetImport: rep('OperatorSetIdProto', 9),
            domain: opt('string', 10),
            overload: opt('string', 13),
            valueInfo: rep('ValueInfoProto', 12),
            metadataProps: rep('StringStringEntryProto', 14),
          },
        },
        // Test-data containers of the ONNX backend test format (input_K.pb / output_K.pb).
        SequenceProto: {
          fields: {
            name: opt('string', 1),
            elemType: opt('int32', 2),
            tensorValues: rep('TensorProto', 3),
            sparseTensorValues: rep('SparseTensorProto', 4),
            sequenceValues: rep('SequenceProto', 5),
            mapValues: rep('bytes', 6),
            optionalValues: rep('OptionalProto', 7),
          },
        },
        OptionalProto: {
          fields: {
            name: opt('string', 1),
            elemType: opt('int32', 2),
            tensorValue: opt('TensorProto', 3),
            sparseTensorValue: opt('SparseTensorProto', 4),
            sequenceValue: opt('SequenceProto', 5),
            mapValue: opt('bytes', 6),
            optionalValue: opt('OptionalProto', 7),
          },
        },
      },
    },
  },
} as const;
