import { quantile } from '../model/quantile.js';

/** The middle value (the upper one of the middle two for an even count), or 0 for none. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5) ?? 0;
}
