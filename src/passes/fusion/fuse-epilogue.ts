// fuse-epilogue (TVM Relay FuseOps' kOutEWiseFusable rule: a conv2d or dense fuses with the chain
// of elementwise and broadcast ops after it): a Conv, MatMul or Gemm (or onnxruntime's FusedConv,
// FusedGemm, or to-nhwc's kiln.NhwcConv, kiln.NhwcFusedConv) whose only reader is an elementwise
// expression (a kiln.FusedElementwise, or one elementwise op) producing a tensor of exactly its
// shape becomes one kiln.Fused<Op>Epilogue node (kiln.NhwcFusedConvEpilogue for the NHWC convs):
// the op's kernel computes the expression as it stores each element, so the op's output is never
// written to memory and read back. The node is the anchor rewritten, so it keeps the anchor's id. The other inputs of the expression may broadcast to the
// output (a per-channel scale, a bias row, a residual). The node calls a model-local function
// (the op, then the expression's ops) that onnxruntime runs. See epilogue-function.ts for the
// input convention.
//
//   before: conv1: c = Conv <pads = [1,1,1,1]> (x, w, b);  y = kiln.FusedElementwise <expression = "relu(add(x0, x1))"> (c, skip)
//   after:  conv1: y = kiln.FusedConvEpilogue:c<hash> <pads = [1,1,1,1], expression = "relu(add(x0, x1))"> (x, w, b, skip)
import { attrString } from '../../ir/attributes.ts';
import type { Node, Shape } from '../../ir/types.ts';
import { functionKey, graphPass, type GraphScope } from '../cleanup/graph-pass.ts';
import { isDefaultDomain } from '../support/constant-values.ts';
import { formatShape, listOf } from '../support/describe.ts';
import { call, input, type Expr } from './expression/ast.ts';
import { FUSED_ELEMENTWISE_DOMAIN, FUSED_ELEMENTWISE_OP } from './expression/lower.ts';
import { exprOp } from './expression/ops.ts';
import { parseExpression } from './expression/parse.ts';
import { printExpression } from './expression/print.ts';
import { EPILOGUE_DOMAIN, epilogueAttributes, epilogueFunction, specText, type EpilogueSpec } from './epilogue-function.ts';
import { anchorLabel, asAnchor, isAnchorOp, type EpilogueAnchor } from './epilogue-anchor.ts';
import { dropInlinedConstants } from './fuse-elementwise.ts';
import { expressionHash, groupExpression } from './fuse-elementwise-expression.ts';
import { unfusableReason } from './fuse-elementwise-groups.ts';
import { MAX_SIBLING_BUFFERS } from './fuse-siblings-groups.ts';
import { rewrittenId } from './node-ids.ts';

const RULE = 'fuse-epilogue/out-elemwise';
const label = (n: Node) => `${n.domain ? `${n.domain}.` : ''}${n.opType} ${n.id}`;

interface Epilogue {
  readonly node: Node;
  readonly expr: Expr;
  readonly inputs: readonly string[];
  readonly inlined: readonly string[];
}

interface Match {
  readonly anchor: EpilogueAnchor;
  readonly epilogue: Epilogue;
  /** The fused expression: x0 = the base op's result, xk = extras[k - 1]. */
  readonly expr: Expr;
  readonly extras: readonly string[];
}

const isFusedElementwise = (n: Node) => n.domain === FUSED_ELEMENTWISE_DOMAIN && n.opType === FUSED_ELEMENTWISE_OP;

/** The reader as an expression over its inputs; a reason when it looks elementwise but cannot be one; undefined otherwise. */
function asEpilogue(n: Node, s: GraphScope): Epilogue | string | undefined {
  if (isFusedElementwise(n)) {
    const text = attrString(n, 'expression');
    if (text === undefined || n.outputs.length !== 1) return `${label(n)} has no single expression`;
    try {
      return { node: n, expr: parseExpression(text), inputs: n.inputs, inlined: [] };
    } catch (e) {
      return `${label(n)}'s expression does not parse: ${(e as Error).message}`;
    }
  }
  if (!exprOp(n.opType) || !isDefaultDomain(n)) return undefined;
  const why = unfusableReason(n);
  if (why) return `its reader ${label(n)} cannot be part of an expression: ${why}`;
  const g = groupExpression({ root: n, nodes: [n] }, s.ctx);
  return { node: n, expr: g.expr, inputs: g.inputs, inlined: g.inlined };
}

/** The epilogue's expression with the anchor's output replaced by the anchor's result, over x0 and the extras. */
function fusedExpression(a: EpilogueAnchor, e: Epilogue): { expr: Expr; extras: string[] } {
  const out = a.node.outputs[0]!;
  const extras = [...a.extras];
  const slot = (v: string) => {
    const k = extras.indexOf(v);
    return input(1 + (k >= 0 ? k : extras.push(v) - 1));
  };
  const leaves = e.inputs.map((v) => (v === out ? a.result : slot(v)));
  const done = new Map<Expr, Expr>();
  const rebuild = (x: Expr): Expr => {
    if (x.kind === 'input') return leaves[x.index]!;
    if (x.kind === 'const') return x;
    let r = done.get(x);
    if (!r) done.set(x, (r = call(x.op, x.args.map(rebuild), x.attrs)));
    return r;
  };
  return { expr: rebuild(e.expr), extras };
}

const known = (s: Shape | undefined): s is Shape => !!s && s.every((d) => d !== null && d !== '');
const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((d, i) => d === b[i]);

/** The fusion for anchor node `n`, a reason it declines (a near miss), or undefined when no elementwise op reads it. */
function matchAnchor(n: Node, s: GraphScope, claimed: ReadonlyMap<string, string>): Match | string | undefined {
  const out = n.outputs[0];
  if (!isAnchorOp(n) || !out || n.outputs.length !== 1) return undefined;
  const readers = s.ctx.consumers(out);
  const epilogues = readers.map((r) => asEpilogue(r, s));
  const first = epilogues.findIndex((e) => e !== undefined);
  if (first < 0) return undefined;
  const reader = readers[first]!;
  const made = epilogues[first]!;
  if (readers.length > 1) {
    const others = readers.filter((r) => r !== reader).map(label);
    return `${anchorLabel(n)}'s output ${out} is also read by ${listOf(others, 3)}; fusing it into its epilogue ${label(reader)} would compute ${n.opType} twice`;
  }
  if (s.ctx.isGraphOutput(out)) return `${anchorLabel(n)}'s output ${out} is a graph output, so it must be written to memory anyway`;
  if (typeof made === 'string') return made;
  const owner = claimed.get(reader.id);
  if (owner) return `its epilogue ${label(reader)} is already fused with ${owner}`;
  const anchor = asAnchor(n, s.opset);
  if (typeof anchor === 'string') return `${anchorLabel(n)}: ${anchor}`;
  if (!anchor) return undefined;
  const what = anchor.base.result;
  const [baseShape, outShape] = [s.ctx.shape(out), s.ctx.shape(reader.outputs[0]!)];
  if (!known(baseShape) || !known(outShape)) return `the shapes of ${out} and ${reader.outputs[0]} are not known, so its epilogue ${label(reader)} may broadcast the ${what} to a larger shape`;
  if (!sameShape(baseShape, outShape)) return `its epilogue ${label(reader)} broadcasts the ${what} ${formatShape(baseShape)} to a larger shape ${formatShape(outShape)}`;
  const [baseType, outType] = [s.ctx.dtype(out), s.ctx.dtype(reader.outputs[0]!)];
  if (baseType !== 'float32' && baseType !== 'float16') return `the ${what} is ${baseType ?? 'of unknown type'}; the fused kernels compute float32 and float16`;
  if (baseType !== outType) return `its epilogue ${label(reader)} computes ${outType ?? 'an unknown type'}, not the ${what}'s ${baseType}`;
  const { expr, extras } = fusedExpression(anchor, made);
  // The base's inputs, the extras (a value bound once however often it is read) and Y: one storage buffer each.
  const buffers = new Set([...anchor.inputs, ...extras].filter((v) => v)).size + 1;
  if (buffers > MAX_SIBLING_BUFFERS) return `the fused kernel would bind ${buffers} tensors, more than the ${MAX_SIBLING_BUFFERS} storage buffers WebGPU guarantees per shader stage`;
  return { anchor, epilogue: made, expr, extras };
}

/** The base's initial (c, m, g) and the spec's hash (a letter first keeps it an identifier), suffixed if another spec has it. */
function overloadFor(spec: EpilogueSpec, s: GraphScope): string {
  const text = specText(spec);
  const base = `${spec.base.op[0]!.toLowerCase()}${expressionHash(text)}`;
  for (let k = 0; ; k++) {
    const overload = k ? `${base}_${k}` : base;
    const existing = s.functionByKey(functionKey({ domain: EPILOGUE_DOMAIN, name: spec.base.fused, overload }));
    if (!existing || existing.docString === text) return overload;
  }
}

/** `fused Conv conv1 with its elementwise epilogue Relu r (1 elementwise op) into kiln.FusedConvEpilogue …: y = relu(x0) with x0 = conv output`. */
function explanation(m: Match, id: string): string {
  const e = m.epilogue.node;
  const count = isFusedElementwise(e) ? (e.provenance?.length ?? 1) : 1;
  const statements = printExpression(m.expr).split('; ');
  statements[statements.length - 1] = `y = ${statements[statements.length - 1]}`;
  const where = listOf([`x0 = ${m.anchor.base.result}`, ...m.extras.map((v, k) => `x${k + 1} = ${v}`)], 5);
  return `fused ${m.anchor.label} with its elementwise epilogue ${label(e)} (${count} elementwise op${count === 1 ? '' : 's'}) into ${EPILOGUE_DOMAIN}.${m.anchor.base.fused} ${id}: ${statements.join('; ')} with ${where}`;
}

function fuseGraph(s: GraphScope) {
  const matches: Match[] = [];
  const claimed = new Map<string, string>();
  for (const n of s.graph.nodes) {
    const m = matchAnchor(n, s, claimed);
    if (typeof m === 'string') s.miss(RULE, n.id, m);
    else if (m) {
      matches.push(m);
      claimed.set(m.epilogue.node.id, m.anchor.label);
    }
  }
  if (!matches.length) return undefined;
  const editor = s.editor();
  const removed = new Set<string>();
  const inlined = new Set<string>();
  for (const m of matches) {
    const [a, e] = [m.anchor.node, m.epilogue.node];
    const base = m.anchor.base;
    const spec: EpilogueSpec = { base, attributes: m.anchor.attributes, lastSlot: m.anchor.inputs.at(-1) !== '', extras: m.extras.length, expression: printExpression(m.expr) };
    const overload = overloadFor(spec, s);
    s.addFunction(epilogueFunction(m.expr, spec, overload, s.opset));
    // Removing the anchor first frees its id (NodeIds.release) for the node that replaces it.
    editor.removeNode(a.id);
    editor.removeNode(e.id);
    for (const id of [a.id, e.id]) removed.add(id);
    for (const c of m.epilogue.inlined) inlined.add(c);
    const node = editor.insertNode({
      opType: base.fused,
      domain: EPILOGUE_DOMAIN,
      inputs: [...m.anchor.inputs, ...m.extras],
      outputs: [e.outputs[0]!],
      attributes: epilogueAttributes(spec),
      overload,
      provenance: [a.id, e.id],
      id: rewrittenId(a),
    });
    s.explain({ rule: RULE, message: explanation(m, node.id), matched: [a.id, e.id], produced: [node.id] });
  }
  dropInlinedConstants(inlined, removed, s, editor);
  return editor.apply();
}

export const fuseEpilogue = graphPass(
  {
    id: 'fuse-epilogue',
    title: 'Fuse elementwise epilogues into Conv/MatMul/Gemm (TVM out-elemwise fusion)',
    description: 'Merges each Conv, MatMul or Gemm (or com.microsoft.FusedConv/FusedGemm, kiln.NhwcConv/NhwcFusedConv) with the elementwise ops after it (a kiln.FusedElementwise or one op) that only it feeds, into one kiln.FusedConvEpilogue, FusedMatMulEpilogue, FusedGemmEpilogue or NhwcFusedConvEpilogue node that computes the expression as the op stores its output.',
  },
  fuseGraph,
);
