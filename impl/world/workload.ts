/**
 * One operation of a client workload: client `client` invokes `op` at
 * `atTick`, or as soon after as it has finished its previous operation
 * (clients are sequential, as Jepsen's processes are).
 */
export interface WorkloadOp<Op> {
  readonly atTick: number;
  readonly client: number;
  readonly op: Op;
}
