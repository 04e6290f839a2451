import { describe, expect, test } from 'vitest';
import { axisTicks, lineChartSvg } from './line-chart-svg.js';

describe('axisTicks', () => {
  test.each([
    [1, 0.2],
    [0.3, 0.05],
    [4000, 500],
    [640, 100],
    [7, 1],
  ])('from 0 to %d in steps of %d', (max, step) => {
    const ticks = axisTicks(max);
    expect(ticks[0]).toBe(0);
    expect(ticks[1]).toBe(step);
    expect(ticks.length).toBeLessThanOrEqual(9);
    expect(ticks.at(-1)!).toBeLessThanOrEqual(max);
    expect(ticks.at(-1)! + step).toBeGreaterThan(max);
  });
});

describe('lineChartSvg', () => {
  const base = { title: 'T <1>', xLabel: 'tick', xMax: 100, yMax: 1, xTick: String, yTick: String };

  test('a null point breaks a line into two, and a lone point still draws', () => {
    const svg = lineChartSvg({
      ...base,
      series: [{ label: 'a', color: '#000', points: [{ x: 0, y: 0.5 }, { x: 10, y: 0.6 }, { x: 20, y: null }, { x: 30, y: 0.7 }] }],
    });
    const lines = [...svg.matchAll(/<polyline points="([^"]*)"/g)].map((m) => m[1]!.split(' ').length);
    expect(lines).toEqual([2, 2]);
  });

  test('bands are shaded as dark as their opacity, and an empty one is left out', () => {
    const svg = lineChartSvg({
      ...base,
      series: [],
      bands: [
        { fromX: 10, toX: 20, color: '#f00', opacity: 0.25, title: 'partition in 1 of 4 cases' },
        { fromX: 20, toX: 30, color: '#f00', opacity: 0, title: 'none' },
      ],
    });
    expect(svg.match(/class="band"/g)).toHaveLength(1);
    expect(svg).toContain('fill-opacity="0.250"');
    expect(svg).toContain('<figcaption>T &#60;1&#62;</figcaption>');
  });
});
