// fuse-bias-activation: a Conv or Gemm and the activation after it become one onnxruntime
// contrib op that applies the activation as it writes its output, and the bias Add before a GELU
// moves into it — onnxruntime's ConvActivationFusion, ConvAddActivationFusion (a residual Add
// becomes FusedConv's input Z), GemmActivationFusion and BiasGeluFusion.
//
//   before: c = Conv <pads = [1,1,1,1]> (x, W, b);  y = Relu (c)
//   after:  y = com.microsoft.FusedConv <pads = [1,1,1,1], activation = "Relu"> (x, W, b)
//
//   before: c = Conv (x, W);  t = Add (c, B);  y = Clip (t, 0, 6)      (B one value per channel)
//   after:  y = com.microsoft.FusedConv <activation = "Clip", activation_params = [0, 6]> (x, W, B')
//
//   before: c = Conv (x, W, b);  s = Add (c, r);  y = Relu (s)       (a residual r of c's shape)
//   after:  y = com.microsoft.FusedConv <activation = "Relu"> (x, W, b, r)
//
//   before: h = MatMul (x, W);  t = Add (h, b);  y = com.microsoft.Gelu (t)
//   after:  h = MatMul (x, W);  y = com.microsoft.BiasGelu (h, b)
//
// Which activations each fused kernel runs is in bias-activation/activation-table.ts; the others
// (SiLU, GELU after a Conv; Clip, HardSwish after a Gemm) are reported as near misses.
import { rulePass } from '../rewrite/driver.ts';
import { BIAS_GELU_RULES } from './bias-activation/bias-gelu.ts';
import { CONV_ACTIVATION_RULES } from './bias-activation/conv.ts';
import { CONV_RESIDUAL_RULES } from './bias-activation/conv-residual.ts';
import { GEMM_ACTIVATION_RULES } from './bias-activation/gemm.ts';

export const fuseBiasActivation = rulePass(
  {
    id: 'fuse-bias-activation',
    title: 'Fuse Conv/Gemm + activation and bias + GELU',
    description: 'Turns Conv + activation (and Conv + residual Add + activation) into com.microsoft FusedConv, Gemm + activation into FusedGemm, and a bias Add + GELU into BiasGelu or FastGelu.',
  },
  [...CONV_ACTIVATION_RULES, ...CONV_RESIDUAL_RULES, ...GEMM_ACTIVATION_RULES, ...BIAS_GELU_RULES],
);
