import type { PendingRequest } from '../../impl/schedulers/define-scheduler.js';
import { GPU_DEVICE_MILLI, gpuDemandMilli } from '../../model/gpu-demand.js';
import { nodeGpuFragmentation, type DemandProfile } from '../../model/gpu-fragmentation.js';
import { quantile } from '../../model/quantile.js';
import { subtractResources } from '../../model/resources.js';
import type { HarnessListener, HarnessNode } from './harness-cluster.js';

/** The cluster at one moment of a replay, as fractions of its capacity. */
export interface TraceSample {
  /** GPU demand arrived so far, over the cluster's GPU capacity (can pass 1). */
  readonly arrivedGpu: number;
  readonly allocatedCpu: number;
  readonly allocatedMemory: number;
  readonly allocatedGpu: number;
  /** Expected fragmented GPU over free GPU: the share of free GPU a request drawn from the profile could not use. */
  readonly fragmentation: number;
  /** Expected fragmented GPU over the cluster's GPU capacity. */
  readonly fragmentedOfCapacity: number;
}

/** Wall time of the scheduler's `place` per pod decided, in milliseconds. */
export interface PlacementTimes {
  readonly meanMs: number;
  readonly medianMs: number;
  readonly p99Ms: number;
}

export interface TraceFigures {
  readonly podsArrived: number;
  readonly podsNotPlaced: number;
  /** GPU demand of the pods not placed, in GPUs. */
  readonly gpusNotPlaced: number;
  readonly gpuCapacity: number;
  /** GPUs not allocated at the end of the run. */
  readonly gpusUnallocated: number;
  /** Expected fragmented GPUs at the end of the run. */
  readonly gpusFragmented: number;
  readonly final: TraceSample;
  /** One sample per percent of GPU capacity arrived, and the final state. */
  readonly series: readonly TraceSample[];
  readonly placement: PlacementTimes;
}

/**
 * Keeps a replay's figures up to date as the harness changes its cluster:
 * per-dimension allocation, each node's expected GPU fragmentation under
 * the trace's demand profile (recomputed only for the node that changed),
 * arrivals, pods not placed and the time of each `place` call.
 */
export class TraceFigureTracker implements HarnessListener {
  private cpuCapacity = 0;
  private memoryCapacity = 0;
  private gpuCapacityMilli = 0;
  private cpuAllocated = 0;
  private memoryAllocated = 0;
  private gpuAllocatedMilli = 0;
  private fragmentedMilli = 0;
  private readonly nodeFragmentation: number[] = [];
  private readonly nodeAllocated: { cpu: number; memory: number; gpu: number }[] = [];
  private arrivedGpuMilli = 0;
  private podsArrived = 0;
  private podsNotPlaced = 0;
  private gpuNotPlacedMilli = 0;
  private readonly perPodMs: number[] = [];
  private readonly series: TraceSample[] = [];
  private lastPercent = -1;

  constructor(private readonly profile: DemandProfile) {}

  /** Called once per node as the harness creates it (a node joins with nothing allocated). */
  nodeChanged(node: HarnessNode): void {
    const known = this.nodeAllocated[node.index];
    if (known === undefined) {
      this.cpuCapacity += node.capacity.cpuMillis;
      this.memoryCapacity += node.capacity.memoryMiB;
      this.gpuCapacityMilli += node.gpuAllocated.length * GPU_DEVICE_MILLI;
    }
    const gpu = node.gpuAllocated.reduce((a, b) => a + b, 0);
    const before = known ?? { cpu: 0, memory: 0, gpu: 0 };
    this.cpuAllocated += node.allocated.cpuMillis - before.cpu;
    this.memoryAllocated += node.allocated.memoryMiB - before.memory;
    this.gpuAllocatedMilli += gpu - before.gpu;
    this.nodeAllocated[node.index] = { cpu: node.allocated.cpuMillis, memory: node.allocated.memoryMiB, gpu };
    const fragmentation = node.alive
      ? nodeGpuFragmentation({ free: subtractResources(node.capacity, node.allocated), gpuModel: node.gpuModel, gpuFreeMilli: node.gpuAllocated.map((held) => GPU_DEVICE_MILLI - held) }, this.profile)
      : 0;
    this.fragmentedMilli += fragmentation - (this.nodeFragmentation[node.index] ?? 0);
    this.nodeFragmentation[node.index] = fragmentation;
  }

  requestSubmitted(request: PendingRequest): void {
    this.podsArrived += 1;
    this.arrivedGpuMilli += gpuDemandMilli(request.gpu);
  }

  requestSettled(request: PendingRequest, placed: boolean): void {
    if (placed) return;
    this.podsNotPlaced += 1;
    this.gpuNotPlacedMilli += gpuDemandMilli(request.gpu);
  }

  placeCall(ms: number, decided: number): void {
    if (decided > 0) for (let i = 0; i < decided; i++) this.perPodMs.push(ms / decided);
  }

  private sample(): TraceSample {
    const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
    const freeGpu = this.gpuCapacityMilli - this.gpuAllocatedMilli;
    return {
      arrivedGpu: share(this.arrivedGpuMilli, this.gpuCapacityMilli),
      allocatedCpu: share(this.cpuAllocated, this.cpuCapacity),
      allocatedMemory: share(this.memoryAllocated, this.memoryCapacity),
      allocatedGpu: share(this.gpuAllocatedMilli, this.gpuCapacityMilli),
      // Sums of floating-point terms can leave a hair above zero on a full cluster.
      fragmentation: freeGpu > 0 ? Math.min(1, Math.max(0, this.fragmentedMilli / freeGpu)) : 0,
      fragmentedOfCapacity: share(Math.max(0, this.fragmentedMilli), this.gpuCapacityMilli),
    };
  }

  /** After each event: a sample whenever arrivals pass another percent of GPU capacity. */
  eventDone(): void {
    const percent = this.gpuCapacityMilli > 0 ? Math.floor((this.arrivedGpuMilli * 100) / this.gpuCapacityMilli) : 0;
    if (percent > this.lastPercent) {
      this.lastPercent = percent;
      this.series.push(this.sample());
    }
  }

  figures(): TraceFigures {
    const final = this.sample();
    const perPodMs = this.perPodMs;
    const at = (q: number) => quantile(perPodMs, q) ?? 0;
    return {
      podsArrived: this.podsArrived,
      podsNotPlaced: this.podsNotPlaced,
      gpusNotPlaced: this.gpuNotPlacedMilli / GPU_DEVICE_MILLI,
      gpuCapacity: this.gpuCapacityMilli / GPU_DEVICE_MILLI,
      gpusUnallocated: (this.gpuCapacityMilli - this.gpuAllocatedMilli) / GPU_DEVICE_MILLI,
      gpusFragmented: Math.max(0, this.fragmentedMilli) / GPU_DEVICE_MILLI,
      final,
      series: [...this.series, final],
      placement: {
        meanMs: perPodMs.length === 0 ? 0 : perPodMs.reduce((a, b) => a + b, 0) / perPodMs.length,
        medianMs: at(0.5),
        p99Ms: at(0.99),
      },
    };
  }
}
