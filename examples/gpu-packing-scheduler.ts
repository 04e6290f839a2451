/**
 * An example GPU-aware scheduler variant, complete and checkable on a trace:
 *
 *   npx faultline schedulers --compare --nodes NODES.csv --pods PODS.csv --scheduler ./examples/gpu-packing-scheduler.ts
 *   npx faultline check --scheduler ./examples/gpu-packing-scheduler.ts --nodes NODES.csv --pods PODS.csv
 *
 * Policy: "GPU packing". A request with GPU demand goes to the node of an
 * allowed model with the least free GPU that can still take it, and a share
 * onto the fullest device with room (packGpuDevices), which keeps empty
 * devices whole for whole-GPU requests. A request without GPU demand goes to
 * a node without GPUs when one has room, so that GPU nodes keep their cpu
 * and memory for GPU requests; otherwise to the GPU node with the most free
 * GPU (the least likely to be needed soon). Nothing is moved afterwards.
 *
 * Rules every scheduler follows (the harness checks them at every decision):
 * pure and deterministic; grants at most the demand, on live nodes, within
 * capacity; GPU demand placed whole, on exactly as many devices as it needs
 * (one for a share), of an allowed model, never above 1000 milli a device.
 */
import { defineScheduler, fitsWithin, GPU_DEVICE_MILLI, packGpuDevices, subtractResources, type NodeView, type PendingRequest, type PlacementDecision, type Resources } from 'faultline/scheduler';

interface Room {
  readonly node: NodeView;
  readonly free: Resources;
  /** Free thousandths of each device (empty without GPUs). */
  readonly gpuFree: readonly number[];
}

const totalFree = (room: Room) => room.gpuFree.reduce((sum, milli) => sum + milli, 0);

/** Where a request goes, and on which devices; undefined when nowhere. */
function choose(request: PendingRequest, rooms: readonly Room[]): { room: Room; devices: readonly number[] } | undefined {
  let best: { room: Room; devices: readonly number[] } | undefined;
  for (const room of rooms) {
    if (!fitsWithin(request.demand, room.free)) continue;
    if (request.gpu === undefined) {
      // A node without GPUs wins outright (the first one in join order); among GPU nodes, the one with the most free GPU.
      if (room.gpuFree.length === 0) return { room, devices: [] };
      if (best === undefined || totalFree(room) > totalFree(best.room)) best = { room, devices: [] };
      continue;
    }
    const devices = packGpuDevices(request.gpu, room.node.gpus?.model ?? '', room.gpuFree);
    if (devices !== undefined && (best === undefined || totalFree(room) < totalFree(best.room))) best = { room, devices };
  }
  return best;
}

export default defineScheduler({
  name: 'gpu-packing',
  description: 'GPU requests on the allowed node with the least free GPU that fits; others on nodes without GPUs first',

  place: ({ cluster, pending, budget }) => {
    let rooms: Room[] = cluster.nodes
      .filter((node) => node.alive)
      .map((node) => ({
        node,
        free: subtractResources(node.capacity, node.allocated),
        gpuFree: (node.gpus?.allocatedMilli ?? []).map((held) => GPU_DEVICE_MILLI - held),
      }));
    const decisions: PlacementDecision[] = [];
    for (const request of pending) {
      budget.step(1 + rooms.length);
      const chosen = choose(request, rooms);
      if (chosen === undefined) {
        decisions.push({ kind: 'reject', requestId: request.id, reason: 'no live node has room' });
        continue;
      }
      const { room, devices } = chosen;
      decisions.push(
        request.gpu === undefined
          ? { kind: 'place', requestId: request.id, nodeId: room.node.id, grant: request.demand }
          : { kind: 'place', requestId: request.id, nodeId: room.node.id, grant: request.demand, gpuDevices: devices },
      );
      const taken = request.gpu === undefined ? 0 : request.gpu.kind === 'share' ? request.gpu.milli : GPU_DEVICE_MILLI;
      const after: Room = {
        node: room.node,
        free: subtractResources(room.free, request.demand),
        gpuFree: room.gpuFree.map((milli, device) => (devices.includes(device) ? milli - taken : milli)),
      };
      rooms = rooms.map((r) => (r === room ? after : r));
    }
    return decisions;
  },
});
