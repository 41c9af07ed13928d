// recognize-activations: activation functions that exporters wrote out as primitive ops become
// the single op that computes them, so later fusions (FusedConv, FusedGemm, BiasGelu) and
// kernels see one activation instead of three to six elementwise ops. Rules live beside this
// file in activations/, one file per function:
//
//   HardSigmoid  Clip(x·α+β, 0, 1), Relu6(x·α+β)/6           → HardSigmoid(α, β)
//   HardSwish    x·HardSigmoid(x), x·Relu6(x+3)/6             → HardSwish (opset >= 14) or kiln.HardSwish
//   SiLU/Swish   x·Sigmoid(β·x)                               → com.microsoft.QuickGelu(α=β)
//   GELU         x·½·(1+erf(x/√2)), the tanh approximation    → Gelu (opset >= 20), else com.microsoft.Gelu / FastGelu
//
//   before: t = Add (x, 3);  r = Clip <min = 0.0, max = 6.0> (t);  p = Mul (x, r);  y = Div (p, 6)
//   after:  y = kiln.HardSwish (x)                       (opset 9; ONNX HardSwish at opset >= 14)
//
// Constants the fused op hard-wires (√2, 0.044715, 3, 6, ½) must match to 1e-5 relative; a
// constant that is close but not equal is reported as a near miss instead of being rounded away.
import { rulePass } from '../rewrite/driver.ts';
import { GELU_RULES } from './activations/gelu.ts';
import { HARD_SIGMOID_RULES } from './activations/hard-sigmoid.ts';
import { HARD_SWISH_RULES } from './activations/hard-swish.ts';
import { SILU_RULES } from './activations/silu.ts';

export const recognizeActivations = rulePass(
  {
    id: 'recognize-activations',
    title: 'Recognize activations written as primitive ops',
    description: 'Replaces the primitive-op expansions of HardSigmoid, HardSwish, SiLU/Swish and GELU (erf and tanh forms) with the single op that computes each.',
  },
  [...GELU_RULES, ...HARD_SWISH_RULES, ...HARD_SIGMOID_RULES, ...SILU_RULES],
);
