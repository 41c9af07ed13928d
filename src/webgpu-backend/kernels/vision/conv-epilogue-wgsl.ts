// How the conv kernels store a value: through FusedConv's activation `act` (activation.ts), or
// through kiln.FusedConvEpilogue's expression (general/epilogue-wgsl.ts), which also needs the
// flat output index of each lane. Every variant (blocked, depthwise, depthwise-row, tiled) goes
// through these, so each supports both whatever its loop nest.
import type { StoreEpilogue } from '../general/epilogue-wgsl.ts';
import { activationSuffix, activationWgsl, type Activation } from './activation.ts';

/** What a conv kernel declares before its entry point: `act`, or the epilogue's functions. */
export function storeFunctions(act: Activation, epilogue: StoreEpilogue | undefined): string {
  return epilogue ? epilogue.wgsl : activationWgsl(act);
}

/** Four lanes (a vec4<f32> expression) as stored at flat output indices `at(0..3)`. */
export function finishLanes(act: Activation, epilogue: StoreEpilogue | undefined, value: string, at: (lane: number) => string): string {
  return epilogue ? `finish(${value}, vec4<u32>(${[0, 1, 2, 3].map(at).join(', ')}))` : `act(${value})`;
}

/** One value (an f32 expression) as stored at flat output index `at`. */
export function finishOne(act: Activation, epilogue: StoreEpilogue | undefined, value: string, at: string): string {
  return epilogue ? `epilogue(${value}, ${at})` : `act(vec4<f32>(${value})).x`;
}

/** The variant's suffix: the activation's name, or `-epilogue`. */
export function storeSuffix(act: Activation, epilogue: StoreEpilogue | undefined): string {
  return epilogue ? '-epilogue' : activationSuffix(act);
}
