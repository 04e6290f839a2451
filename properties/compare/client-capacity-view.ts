import { fitsWithin, mapResources, minResources, type Resources } from '../../model/resources.js';

/** Where a job may hold its resources, as far as the clients can tell: one host, several (a move not yet answered), or any (a submit not yet answered). */
interface JobWhereabouts {
  readonly demand: Resources;
  /** Null while the job may be anywhere (its submit is open, or its outcome unknown). */
  hosts: Set<number> | null;
}

/**
 * The capacity a cluster certainly had free, judged from what its clients
 * saw, and from nothing inside the cluster, so that it means the same for
 * every cluster kind. A job holds its demand on the host a `placed` answer
 * named from the moment its submit was made, until a `completed` answer for
 * it arrives; a submit whose answer has not come (or never will: the client
 * gave up) may hold its demand on any host; a move not yet answered, on both
 * hosts. Every doubt counts against the free capacity, so that what this
 * view calls free was free whatever the unanswered requests did. The
 * cluster frees capacity before the client hears of it, and places before
 * the client hears of it (when the submit is already counted everywhere):
 * both lags make the view see less free capacity than there was, never more.
 */
export class ClientCapacityView {
  private readonly jobs = new Map<string, JobWhereabouts>();

  constructor(private readonly capacities: readonly Resources[]) {}

  /** A submit was made: until it is answered, the job may be anywhere. */
  submitted(job: string, demand: Resources): void {
    if (!this.jobs.has(job)) this.jobs.set(job, { demand, hosts: null });
  }

  placed(job: string, host: number, grant: Resources): void {
    this.jobs.set(job, { demand: grant, hosts: new Set([host]) });
  }

  /** A rejected submit holds nothing, unless the job was already placed (a duplicate was rejected). */
  rejected(job: string): void {
    if (this.jobs.get(job)?.hosts === null) this.jobs.delete(job);
  }

  completed(job: string): void {
    this.jobs.delete(job);
  }

  /** A move was asked for: until it is answered, the job may be on either host. Returns whether `to` is a new possibility (for `moveRefused`). */
  moving(job: string, to: number): boolean {
    const hosts = this.jobs.get(job)?.hosts;
    if (hosts === undefined || hosts === null || hosts.has(to)) return false;
    hosts.add(to);
    return true;
  }

  moved(job: string, to: number): void {
    const whereabouts = this.jobs.get(job);
    if (whereabouts !== undefined) whereabouts.hosts = new Set([to]);
  }

  /** A refused move leaves the job where it was: `to` is no longer possible, if this move alone made it so. */
  moveRefused(job: string, to: number, addedByMove: boolean): void {
    const hosts = this.jobs.get(job)?.hosts;
    if (addedByMove && hosts !== undefined && hosts !== null && hosts.size > 1) hosts.delete(to);
  }

  /** Per host, what is certainly free: its capacity less every job that is, or may be, on it (`except` left out). */
  certainlyFree(except?: string): Resources[] {
    const free = this.capacities.map((capacity): { cpuMillis: number; memoryMiB: number } => ({ cpuMillis: capacity.cpuMillis, memoryMiB: capacity.memoryMiB }));
    for (const [job, { demand, hosts }] of this.jobs) {
      if (job === except) continue;
      free.forEach((vector, host) => {
        if (hosts === null || hosts.has(host)) {
          vector.cpuMillis -= demand.cpuMillis;
          vector.memoryMiB -= demand.memoryMiB;
        }
      });
    }
    return free.map((vector) => mapResources((d) => Math.max(0, vector[d])));
  }
}

/** Per host, the smaller of two views of free capacity. */
export function lesserFree(a: readonly Resources[], b: readonly Resources[]): Resources[] {
  return a.map((vector, host) => minResources(vector, b[host]!));
}

/** Whether `demand` fits in what some host has free. */
export function fitsSomeHost(demand: Resources, free: readonly Resources[]): boolean {
  return free.some((vector) => fitsWithin(demand, vector));
}
