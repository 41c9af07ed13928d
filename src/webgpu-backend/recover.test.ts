// What a run meets when the GPU fails: a lost device (recovered by compiling again on a new one)
// and out-of-memory errors (reported, at compile time and during a run). Out-of-memory is
// simulated by a device whose 'out-of-memory' error scopes report an error: SwiftShader takes
// whatever host memory the process has before it would fail for real.
import { describe, expect, it } from 'vitest';
import { isInputError } from '../ir/errors.ts';
import { createNodeGpu, releaseNodeGpu } from '../node/dawn.ts';
import { randomInputs } from '../reference/random-inputs.ts';
import { loadModel, modelsDir } from '../test-support/models.ts';
import { compileModel, compileRecoverable, isDeviceLostError, type DeviceLostError } from './compile.ts';

const mlp = loadModel(`${modelsDir}mlp.onnx`);
const options = { inputShapes: { x: [2, 784] } };
const inputs = randomInputs(mlp.graph, { seed: 9, inputs: [{ name: 'x', shape: [2, 784] }] });
const acquireDevice = async () => (await createNodeGpu()).device;

/** The device, with 'out-of-memory' scopes reporting an error while `failing()` is true. */
function outOfMemoryDevice(device: GPUDevice, failing: () => boolean): GPUDevice {
  const scopes: GPUErrorFilter[] = [];
  return new Proxy(device, {
    get(target, prop) {
      if (prop === 'pushErrorScope') return (filter: GPUErrorFilter) => (scopes.push(filter), target.pushErrorScope(filter));
      if (prop === 'popErrorScope') {
        return async () => {
          const filter = scopes.pop();
          const real = await target.popErrorScope();
          return filter === 'out-of-memory' && failing() ? { message: 'Out of memory (simulated)' } : real;
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('device loss', () => {
  it('compiles again on a new device and finishes the run, reporting the loss', async () => {
    const losses: DeviceLostError[] = [];
    const model = await compileRecoverable(mlp, options, { acquireDevice, onDeviceLost: (e) => losses.push(e) });
    const first = await model.run(inputs);
    await releaseNodeGpu(); // destroys the device under the compiled model
    const second = await model.run(inputs);
    expect(second.outputs[0]!.data).toEqual(first.outputs[0]!.data);
    expect(model.recoveries).toBe(1);
    expect(losses.map((e) => e.reason)).toEqual(['destroyed']);
    expect(losses[0]!.message).toMatch(/^the GPU device was lost \(.*\): compile the model again on a new device$/);
    model.destroy();
  });

  it('rethrows the loss when no retry is allowed', async () => {
    const model = await compileRecoverable(mlp, options, { acquireDevice, retries: 0 });
    await releaseNodeGpu();
    const error = await model.run(inputs).catch((e: unknown) => e);
    expect(isDeviceLostError(error)).toBe(true);
  });
});

describe('out of GPU memory', () => {
  it('at compile time: an InputError naming the buffers', async () => {
    const device = outOfMemoryDevice(await acquireDevice(), () => true);
    const error = await compileModel(device, mlp, options).catch((e: unknown) => e);
    expect(isInputError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^not enough GPU memory for the model's buffers \([\d.]+ KiB\): Out of memory \(simulated\)$/);
  });

  it('during a run: an InputError, and the next run works again', async () => {
    let failing = false;
    const compiled = await compileModel(outOfMemoryDevice(await acquireDevice(), () => failing), mlp, options);
    failing = true;
    await expect(compiled.run(inputs)).rejects.toThrow('the GPU ran out of memory during the run: Out of memory (simulated)');
    failing = false;
    expect((await compiled.run(inputs)).outputs[0]!.dims).toEqual([2, 10]);
    compiled.destroy();
  });
});
