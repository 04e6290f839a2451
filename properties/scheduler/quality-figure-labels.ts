import type { QualityFigures } from '../../model/quality-figures.js';

/** The quality figures in report order, with the words a report prints for them. */
export const QUALITY_FIGURE_LABELS: readonly { readonly key: keyof QualityFigures; readonly label: string; readonly column: string }[] = [
  { key: 'utilization', label: 'utilization', column: 'util' },
  { key: 'maxNodeLoad', label: 'max node load', column: 'max load' },
  { key: 'minNodeLoad', label: 'min node load', column: 'min load' },
  { key: 'jainFairness', label: "Jain's fairness (tenants)", column: 'jain' },
  { key: 'dominantShareSpread', label: 'dominant-share spread', column: 'drs spread' },
  { key: 'rejectionRate', label: 'rejection rate', column: 'rejected' },
];

/** A fraction as a percentage with one decimal, or a three-decimal index for Jain's. */
export function formatQualityFigure(key: keyof QualityFigures, value: number): string {
  return key === 'jainFairness' ? value.toFixed(3) : `${(value * 100).toFixed(1)}%`;
}
