/**
 * The value at fraction `q` (0 to 1) of the way through the values in
 * ascending order: the one at index ⌊q·n⌋, or the largest for q = 1.
 * The median is the upper of the middle two for an even count. Undefined
 * for no values, so that an empty sample is never reported as 0.
 */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
