// Figures for comparing pipelines (the app's compare view, the CLI's `kiln compare`). Pure and
// browser-safe: no Node or DOM APIs.
export { countFusedKernels, FUSED_DOMAINS, isFusedKernel } from './fused-kernels.ts';
export { memoryTrafficBytes, peakActivationBytes, ValueSizes } from './memory.ts';
export { modelMetrics, pipelineMetrics, weightBytes, type MetricsOptions, type ModelMetrics, type PipelineMetrics } from './pipeline-metrics.ts';
export { correspondingNodes, nextOrigins, traceOrigins, type Origins } from './provenance.ts';
