// kiln.FusedInjective, the node fuse-injective makes: an elementwise expression (the language of
// kiln.FusedElementwise) over inputs that are each first moved by their own index map (steps.ts),
// all computed in one pass over the output. Its attributes say everything: `expression`, and
// `index_maps` with one entry per input (`transpose(0,2,3,1) of reshape(1,8,8,16)`, or '' for a
// plain read). The model-local function it calls is built from those attributes alone: each
// input's steps as the ONNX ops they came from (their shapes, starts and steps as Constant nodes
// in the body), then the expression's ops. So equal attributes always give an equal body (one
// function per overload), and the body is the meaning the kernel implements. The CPU evaluator
// here lets the backend fold a node over constants (a fused shape computation).
import { attrString, attrStrings } from '../../../ir/attributes.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import type { Attribute, FunctionDef, Node, Tensor } from '../../../ir/types.ts';
import { type Expr } from '../expression/ast.ts';
import { evaluateExpression } from '../expression/evaluate.ts';
import { expressionFunction } from '../expression/lower.ts';
import { parseExpression } from '../expression/parse.ts';
import { dimsChain, parseIndexMap, type Step } from './steps.ts';
import { applySteps } from './views.ts';

export const FUSED_INJECTIVE_DOMAIN = 'kiln';
export const FUSED_INJECTIVE_OP = 'FusedInjective';

export interface FusedInjectiveSpec {
  readonly expression: string;
  /** Index map text of each input xk ('' reads it as it is). */
  readonly maps: readonly string[];
}

export const isFusedInjective = (n: Pick<Node, 'domain' | 'opType'>): boolean => n.domain === FUSED_INJECTIVE_DOMAIN && n.opType === FUSED_INJECTIVE_OP;

/** The spec as one text (the function's doc string): different specs never share an overload. */
export const specText = (s: FusedInjectiveSpec): string => `${s.expression} with ${s.maps.map((m, k) => `x${k} = ${m ? `${m} of ` : ''}in${k}`).join(', ')}`;

export function fusedInjectiveAttributes(s: FusedInjectiveSpec): Attribute[] {
  return [
    { name: 'expression', type: 'string', value: s.expression },
    { name: 'index_maps', type: 'strings', value: [...s.maps] },
  ];
}

/** The node's spec, or why it has none (a hand-edited node missing an attribute). */
export function readFusedInjective(n: Pick<Node, 'attributes' | 'inputs'>): FusedInjectiveSpec | string {
  const expression = attrString(n, 'expression');
  const maps = attrStrings(n, 'index_maps');
  if (expression === undefined) return 'it has no expression attribute';
  if (!maps) return 'it has no index_maps attribute';
  if (maps.length !== n.inputs.length) return `it has ${maps.length} index maps for ${n.inputs.length} inputs`;
  return { expression, maps };
}

/** Slice's "through index 0, backwards": any end below -size clamps to before the first element. */
const BEFORE_START = Number.MIN_SAFE_INTEGER;

const int64 = (name: string, values: readonly number[]) => tensorFromNumbers(name, 'int64', [values.length], values);

/** The standard ops computing `out` from `input` by one step (an opset's own form of each op). */
function stepNodes(step: Step, dims: readonly number[], input: string, out: string, id: string, opset: number): Node[] {
  const node = (opType: string, inputs: string[], attributes: Attribute[] = [], output = out, nodeId = id): Node => ({ id: nodeId, name: nodeId, opType, domain: '', inputs, outputs: [output], attributes });
  const constant = (suffix: string, values: readonly number[]) => node('Constant', [], [{ name: 'value', type: 'tensor', value: int64(`${id}_${suffix}`, values) }], `${id}_${suffix}`, `${id}_${suffix}`);
  switch (step.kind) {
    case 'transpose':
      return [node('Transpose', [input], [{ name: 'perm', type: 'ints', value: [...step.perm] }])];
    case 'reshape':
      // Reshape takes its shape as an input from opset 5; the dims are static, never 0 or -1.
      if (opset < 5) return [node('Reshape', [input], [{ name: 'shape', type: 'ints', value: [...step.dims] }])];
      return [constant('shape', step.dims), node('Reshape', [input, `${id}_shape`])];
    case 'expand':
      if (opset < 8) throw new Error(`kiln.FusedInjective: expand needs opset 8 (Expand), the model imports ${opset}`);
      return [constant('shape', step.dims), node('Expand', [input, `${id}_shape`])];
    case 'slice': {
      const axes = dims.map((_, a) => a).filter((a) => step.starts[a] !== 0 || step.steps[a] !== 1 || step.dims[a] !== dims[a]);
      const starts = axes.map((a) => step.starts[a]!);
      const ends = axes.map((a) => {
        const end = step.starts[a]! + step.dims[a]! * step.steps[a]!;
        return end < 0 ? BEFORE_START : end;
      });
      if (opset < 10) {
        if (axes.some((a) => step.steps[a] !== 1)) throw new Error(`kiln.FusedInjective: a strided slice needs opset 10, the model imports ${opset}`);
        const ints = (name: string, value: number[]): Attribute => ({ name, type: 'ints', value });
        return [node('Slice', [input], [ints('starts', starts), ints('ends', ends), ints('axes', axes)])];
      }
      const parts = [constant('starts', starts), constant('ends', ends), constant('axes', axes), constant('steps', axes.map((a) => step.steps[a]!))];
      return [...parts, node('Slice', [input, ...parts.map((p) => p.outputs[0]!)])];
    }
  }
}

/** Whether the body of these maps needs an op the opset lacks: the reason, or undefined. */
export function opsetProblem(maps: readonly (readonly Step[])[], opset: number): string | undefined {
  const steps = maps.flat();
  if (opset < 8 && steps.some((s) => s.kind === 'expand')) return `opset ${opset} has no Expand for the broadcast the index maps move`;
  if (opset < 10 && steps.some((s) => s.kind === 'slice' && s.steps.some((b) => b !== 1))) return `opset ${opset} has no strided Slice`;
  return undefined;
}

/**
 * kiln.FusedInjective:<overload>: inputs x0..xk, each moved by its steps (`x<k>_<j>` after step
 * j), then the expression's ops into `y`. `dims` are the inputs' dims (slices need them).
 */
export function fusedInjectiveFunction(expr: Expr, maps: readonly (readonly Step[])[], dims: readonly (readonly number[])[], overload: string, opset: number, doc: string): FunctionDef {
  const inner = expressionFunction(expr, overload, opset);
  const moves: Node[] = [];
  const moved = new Map<string, string>();
  maps.forEach((steps, k) => {
    const chain = dimsChain(dims[k]!, steps);
    let value = `x${k}`;
    steps.forEach((s, j) => {
      const out = `x${k}_${j}`;
      moves.push(...stepNodes(s, chain[j]!, value, out, `m${k}_${j}`, opset));
      value = out;
    });
    if (steps.length) moved.set(`x${k}`, value);
  });
  const nodes = inner.nodes.map((n) => (n.inputs.some((i) => moved.has(i)) ? { ...n, inputs: n.inputs.map((i) => moved.get(i) ?? i) } : n));
  return {
    ...inner,
    name: FUSED_INJECTIVE_OP,
    domain: FUSED_INJECTIVE_DOMAIN,
    inputs: maps.map((_, k) => `x${k}`),
    // The call carries these; declaring them keeps strict checkers content.
    attributes: ['expression', 'index_maps'],
    nodes: [...moves, ...nodes],
    docString: doc,
  };
}

/** The node's value on the CPU: each input moved by its map, then the expression. */
export function evaluateFusedInjective(n: Node, args: readonly Tensor[]): Tensor {
  const s = readFusedInjective(n);
  if (typeof s === 'string') throw new Error(`kiln.FusedInjective ${n.id}: ${s}`);
  const moved = args.map((t, k) => applySteps(t, parseIndexMap(s.maps[k]!, t.dims)));
  return { ...evaluateExpression(parseExpression(s.expression), moved), name: n.outputs[0]! };
}
