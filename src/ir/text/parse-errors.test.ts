// Bad text gets a one-line InputError that says where (`line L:C`) and what was expected; no input
// crashes the parser or makes it hang.
import { describe, expect, it } from 'vitest';
import { isInputError } from '../errors.ts';
import { bundledModels, loadModel } from '../../test-support/models.ts';
import { seededRandom } from '../../reference/random-inputs.ts';
import { parseModel } from './parse.ts';
import { printModel } from './print.ts';
import type { Tensor } from '../types.ts';

function errorOf(text: string, weights?: ReadonlyMap<string, Tensor>): string {
  try {
    parseModel(text, weights ? { weights } : {});
  } catch (e) {
    if (!isInputError(e)) throw e;
    expect(e.message).not.toContain('\n');
    return e.message;
  }
  throw new Error('the text parsed without an error');
}

const HEADER = '<ir_version: 8, opset_import: ["" : 17]>\n';

describe('parse errors', () => {
  it.each([
    ['a missing ) after the inputs', `${HEADER}g (float[2] x => (float[2] y) {}`, "line 2:15: expected ')' after the graph inputs, found '=>'"],
    ['an empty text', '', 'line 1:1: expected a name as the graph name, found end of input'],
    ['a missing }', `${HEADER}g (float x) => (float y) {\n  y = Relu (x)\n`, "line 4:1: expected '}' to close the node list, found end of input"],
    ['a missing = in a node', `${HEADER}g (float x) => (float y) {\n  y Relu (x)\n}`, "line 3:5: expected '=' after the node outputs, found 'Relu'"],
    ['an unterminated string', `${HEADER}"g (float x) => (float y) {}`, 'line 2:1: unterminated string (missing closing \'"\')'],
    ['an unexpected character', `${HEADER}g (float x) => (float y) {\n  y = Relu (x) $\n}`, "line 3:16: unexpected character '$'"],
    ['an unknown type', `${HEADER}g (float x) => (float y) {\n  y = Cast <to: integer = 1> (x)\n}`, "line 3:17: unknown attribute type 'integer' (one of float, int, string, tensor, graph, type_proto, sparse_tensor, floats, ints, strings, tensors, graphs, type_protos, sparse_tensors)"],
    ['a declared type the value does not have', `${HEADER}g (float x) => (float y) {\n  y = Cast <to: int = "f"> (x)\n}`, "line 3:23: attribute 'to' is declared int but its value is a string"],
    ['an empty list without a type', `${HEADER}g (float x) => (float y) {\n  y = Pad <pads = []> (x)\n}`, "line 3:19: attribute 'pads' is an empty list: write its type, e.g. 'pads: ints = []'"],
    ['a bare word as a value', `${HEADER}g (float x) => (float y) {\n  y = Cast <to = FLOAT> (x)\n}`, "line 3:18: expected an attribute value (a number, string, tensor, type or graph), found 'FLOAT'"],
    ['a list mixing types', `${HEADER}g (float x) => (float y) {\n  y = Op <a = [1, "b"]> (x)\n}`, "line 3:15: attribute 'a' mixes values of different types in one list"],
    ['too few values for the shape', `${HEADER}g (float x) => (float y) <float[2,2] w = {1, 2, 3}> {}`, "line 2:42: tensor 'w' has 3 values but its shape [2,2] holds 4"],
    ['a value out of range', `${HEADER}g (float x) => (float y) <int8[1] w = {300}> {}`, "line 2:40: tensor 'w': 300 is out of range for int8, found number 300"],
    ['a float in an integer tensor', `${HEADER}g (float x) => (float y) <int64[1] w = {1.5}> {}`, "line 2:41: tensor 'w': expected an integer for int64, found number 1.5"],
    ['a tensor too large to be inline', `${HEADER}g () => () <float[100000,100000] w = {1}> {}`, "line 2:38: tensor 'w' holds 10000000000 values, more than text can carry inline (100000000)"],
    ['a symbolic dim in a tensor constant', `${HEADER}g (float x) => (float y) <float[N] w = {1}> {}`, "line 2:27: tensor 'w' needs numeric dimensions, found 'N'"],
    ['an unknown model field', '<ir_version: 8, opset: ["" : 17]>\ng () => () {}', "line 1:17: unknown model field 'opset' (expected one of ir_version, opset_import, producer_name, producer_version, domain, model_version, doc_string, metadata_props)"],
    ['a bad opset entry', '<opset_import: ["" = 17]>\ng () => () {}', "line 1:20: expected ':' after the opset domain, found '='"],
    ['a map keyed by a non-primitive type', `${HEADER}g (map(seq(float), float) m) => () {}`, "line 2:8: expected an element type (float, int64, ...) as the map key type, found 'seq'"],
    ['a lone minus', `${HEADER}g (float[-] x) => () {}`, "line 2:10: expected a number after '-'"],
    ['text after the graph that is not a function', `${HEADER}g () => () {}\n42`, "line 3:1: expected a name as the function name, found number 42"],
  ])('%s', (_what, text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('turns absurd nesting into an InputError, not a stack overflow', () => {
    expect(errorOf(`${HEADER}g (${'seq('.repeat(100_000)}float${')'.repeat(100_000)} x) => () {}`)).toMatch(/^cannot read the text: /);
  });

  it('names the elided tensor that has no weight', () => {
    const text = `${HEADER}g (float[2] x) => (float[2] y) <float[2] "fc.w" = ...> { y = Add (x, "fc.w") }`;
    expect(errorOf(text)).toBe("line 2:33: tensor 'fc.w' is elided ('...') but no weights were passed to the parser");
    expect(errorOf(text, new Map())).toBe("line 2:33: tensor 'fc.w' is elided ('...') but the weights passed to the parser have no tensor 'fc.w'");
    const wrong: Tensor = { name: 'fc.w', dtype: 'float32', dims: [3], data: { kind: 'raw', bytes: new Uint8Array(12) } };
    expect(errorOf(text, new Map([['fc.w', wrong]]))).toBe("line 2:33: tensor 'fc.w' is declared float[2] but weight 'fc.w' is float[3]");
  });

  it('answers every truncation and every corrupted character of a real model with an InputError or a model', () => {
    const mlp = loadModel(bundledModels().find((c) => c.id === 'mlp')!.path);
    const text = printModel(mlp);
    const random = seededRandom(3);
    const junk = ['', '(', ')', '<', '>', '{', '}', ',', '=', '"', '#', '.', '...', '[', ']', '@', '-', '1', 'x', 'float', '\n'];
    const variants: string[] = [];
    for (let i = 0; i < text.length; i += 5) variants.push(text.slice(0, i));
    for (let k = 0; k < 1500; k++) {
      const at = Math.floor(random() * text.length);
      variants.push(text.slice(0, at) + junk[Math.floor(random() * junk.length)]! + text.slice(at + 1));
    }
    let errors = 0;
    for (const v of variants) {
      try {
        parseModel(v, { weights: new Map(mlp.graph.initializers.map((t) => [t.name, t])) });
      } catch (e) {
        if (!isInputError(e)) throw new Error(`not an InputError for ${JSON.stringify(v.slice(-40))}: ${String(e)}`);
        expect(e.message).toMatch(/^line \d+:\d+: /);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(variants.length / 2);
  });
});
