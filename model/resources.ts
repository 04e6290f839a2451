/**
 * A resource vector in whole units: cpu in millicores and memory in MiB.
 * Integers make conservation exact: a sum of grants either equals the
 * capacity or it does not, with no rounding to argue about.
 */
export interface Resources {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

/** The dimensions in a fixed order, so every loop over them is deterministic. */
export const RESOURCE_DIMENSIONS = ['cpuMillis', 'memoryMiB'] as const;
export type ResourceDimension = (typeof RESOURCE_DIMENSIONS)[number];

export const NO_RESOURCES: Resources = { cpuMillis: 0, memoryMiB: 0 };

export function resources(cpuMillis: number, memoryMiB: number): Resources {
  return { cpuMillis, memoryMiB };
}

/** Builds a vector by computing each dimension with `f`. */
export function mapResources(f: (dimension: ResourceDimension) => number): Resources {
  return { cpuMillis: f('cpuMillis'), memoryMiB: f('memoryMiB') };
}

// The arithmetic below is written out per dimension rather than through `mapResources`: the simulator and the
// observers add and compare vectors at nearly every step, and a closure and a lookup by name per dimension cost more
// than the sum itself.

export function addResources(a: Resources, b: Resources): Resources {
  return { cpuMillis: a.cpuMillis + b.cpuMillis, memoryMiB: a.memoryMiB + b.memoryMiB };
}

export function subtractResources(a: Resources, b: Resources): Resources {
  return { cpuMillis: a.cpuMillis - b.cpuMillis, memoryMiB: a.memoryMiB - b.memoryMiB };
}

export function minResources(a: Resources, b: Resources): Resources {
  return { cpuMillis: Math.min(a.cpuMillis, b.cpuMillis), memoryMiB: Math.min(a.memoryMiB, b.memoryMiB) };
}

export function sumResources(vectors: readonly Resources[]): Resources {
  return vectors.reduce(addResources, NO_RESOURCES);
}

/** True when `a` is at most `b` in every dimension. */
export function fitsWithin(a: Resources, b: Resources): boolean {
  // Written out rather than looped: schedulers call it for every node of a
  // large cluster on every request.
  return a.cpuMillis <= b.cpuMillis && a.memoryMiB <= b.memoryMiB;
}

export function resourcesEqual(a: Resources, b: Resources): boolean {
  return a.cpuMillis === b.cpuMillis && a.memoryMiB === b.memoryMiB;
}

/** True when every dimension is a safe, non-negative whole number. */
export function isWholeResources(a: Resources): boolean {
  return RESOURCE_DIMENSIONS.every((d) => Number.isSafeInteger(a[d]) && a[d] >= 0);
}

/**
 * The largest fraction of `capacity` that `amount` takes in any dimension
 * (the dominant share of DRF). A dimension with zero capacity counts as fully
 * taken when anything of it is asked for, and as untouched otherwise.
 */
export function dominantShare(amount: Resources, capacity: Resources): number {
  let share = 0;
  for (const d of RESOURCE_DIMENSIONS) {
    const part = capacity[d] > 0 ? amount[d] / capacity[d] : amount[d] > 0 ? 1 : 0;
    share = Math.max(share, part);
  }
  return share;
}

export function formatResources(a: Resources): string {
  return `cpu=${a.cpuMillis}m mem=${a.memoryMiB}Mi`;
}
