/**
 * faultline's entry point for scheduler authors (`faultline/scheduler`):
 * `defineScheduler`, the types of what a scheduler sees and returns, and the
 * resource-vector helpers. It is kept this small on purpose: a user's
 * scheduler module runs in a sandbox worker, and everything it imports is
 * loaded there before the first call, so it must not pull in the simulator,
 * the checkers or fast-check.
 */
export { defineScheduler } from './impl/schedulers/define-scheduler.js';
export type {
  Scheduler,
  SchedulerSpec,
  ClusterView,
  NodeView,
  JobView,
  PendingRequest,
  PlacementDecision,
  JobMove,
  PlaceInput,
  RebalanceInput,
  StepBudget,
} from './impl/schedulers/define-scheduler.js';
export { addResources, subtractResources, sumResources, minResources, fitsWithin, dominantShare, NO_RESOURCES, RESOURCE_DIMENSIONS, type Resources } from './model/resources.js';
export {
  GPU_DEVICE_MILLI,
  gpuDeviceCount,
  gpuMilliPerDevice,
  gpuDemandMilli,
  gpuModelAllowed,
  packGpuDevices,
  formatGpuDemand,
  type GpuDemand,
  type NodeGpus,
  type GpuHolding,
} from './model/gpu-demand.js';
export { demandProfile, nodeGpuFragmentation, fragmentedMilliFor, type DemandProfile, type DemandClass, type NodeRoom } from './model/gpu-fragmentation.js';
