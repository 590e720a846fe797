import { describe, expect, it } from 'vitest';
import { greatCircleKm, greatCirclePath, isPlottable, splitAtAntimeridian, wrapLon } from '../../../main/geo/distance';

const TOKYO = [35.6895, 139.69171] as const;
const HONOLULU = [21.30694, -157.85833] as const;

describe('distances and great-circle paths', () => {
  it('haversine distances match known city pairs', () => {
    // Seattle -> Moscow is about 8,370 km (the example); London -> New York about 5,570 km.
    expect(greatCircleKm(47.6062, -122.3321, 55.7558, 37.6173)).toBeCloseTo(8370, -1);
    expect(greatCircleKm(51.5074, -0.1278, 40.7128, -74.006)).toBeCloseTo(5570, -1);
    expect(greatCircleKm(10, 10, 10, 10)).toBe(0);
  });

  it('0,0, out-of-range and non-finite coordinates are never plottable', () => {
    expect(isPlottable(0, 0)).toBe(false);
    expect(isPlottable(null, 10)).toBe(false);
    expect(isPlottable(91, 10)).toBe(false);
    expect(isPlottable(10, -181)).toBe(false);
    expect(isPlottable(Number.NaN, 1)).toBe(false);
    expect(isPlottable(0, 10)).toBe(true);
    expect(isPlottable(47.6, -122.3)).toBe(true);
  });

  it('a Tokyo -> Honolulu leg runs east across the antimeridian without jumping back across the map', () => {
    const path = greatCirclePath(TOKYO[0], TOKYO[1], HONOLULU[0], HONOLULU[1]);
    expect(path.length).toBeGreaterThan(10);
    expect(path[0]).toEqual([TOKYO[0], TOKYO[1]]);
    // The end is Honolulu unwrapped: -157.86 + 360 = 202.14, continuing east.
    expect(path.at(-1)![0]).toBeCloseTo(HONOLULU[0], 5);
    expect(path.at(-1)![1]).toBeCloseTo(HONOLULU[1] + 360, 5);
    for (let i = 1; i < path.length; i++) {
      expect(Math.abs(path[i]![1] - path[i - 1]![1])).toBeLessThan(30);
      expect(path[i]![1]).toBeGreaterThan(path[i - 1]![1]);
    }
    // It bows north of the straight line on the map (a great circle), and every point is a real place.
    const mid = path[Math.floor(path.length / 2)]!;
    expect(mid[0]).toBeGreaterThan((TOKYO[0] + HONOLULU[0]) / 2);
    expect(path.every(([lat, lon]) => Math.abs(lat) <= 90 && Math.abs(wrapLon(lon)) <= 180)).toBe(true);
  });

  it('the path splits at ±180 into pieces a flat renderer can draw', () => {
    const pieces = splitAtAntimeridian(greatCirclePath(TOKYO[0], TOKYO[1], HONOLULU[0], HONOLULU[1]));
    expect(pieces).toHaveLength(2);
    const [west, east] = pieces as [[number, number][], [number, number][]];
    expect(west.at(-1)![1]).toBe(180);
    expect(east[0]![1]).toBe(-180);
    expect(east[0]![0]).toBe(west.at(-1)![0]);
    expect(east.at(-1)![1]).toBeCloseTo(HONOLULU[1], 5);
    for (const piece of pieces) for (const [, lon] of piece) expect(Math.abs(lon)).toBeLessThanOrEqual(180);
    // The westward leg crosses too, the other way.
    const back = splitAtAntimeridian(greatCirclePath(HONOLULU[0], HONOLULU[1], TOKYO[0], TOKYO[1]));
    expect(back).toHaveLength(2);
    expect(back[0]!.at(-1)![1]).toBe(-180);
    expect(back[1]![0]![1]).toBe(180);
    // A leg that does not cross stays one piece.
    expect(splitAtAntimeridian(greatCirclePath(47.6, -122.3, 55.75, 37.6))).toHaveLength(1);
  });

  it('wraps longitudes into [-180, 180]', () => {
    expect(wrapLon(202.14)).toBeCloseTo(-157.86, 5);
    expect(wrapLon(-190)).toBeCloseTo(170, 5);
    expect(wrapLon(180)).toBe(180);
  });
});
