// A user's baseline: the countries, ASNs, devices, user agents and apps that are normal for them, by
// share of their successful sign-ins over the case. A value is `rare` when its share is below
// `rareShare`, and `isNew` when it first succeeded after the user's warm-up (their first days in the
// case, which establish what they normally do): a new country after a compromise is both.
import type { BaselineMark } from '../../preload/contract';

export type BaselineParams = {
  /** Below this share of the user's successful sign-ins a value is rare. */
  rareShare: number;
  /** The warm-up: at most this long ... */
  warmupMaxMs: number;
  /** ... and at most this fraction of the span between the user's first and last success. */
  warmupFraction: number;
};

export const BASELINE_DEFAULTS: BaselineParams = { rareShare: 0.1, warmupMaxMs: 3 * 86_400_000, warmupFraction: 0.25 };

export type SuccessStats = { successes: number; firstSuccessMs: number | null };

export type Baseline = {
  successes: number;
  warmupEndMs: number | null;
  rareShare: number;
  mark(stats: SuccessStats): BaselineMark;
};

/**
 * The baseline from the user's successes: their count, and the first and last success time over
 * every value. Values with no success are `none` (seen in failures only) and never new.
 */
export function userBaseline(successes: number, firstMs: number | null, lastMs: number | null, params: BaselineParams = BASELINE_DEFAULTS): Baseline {
  const warmupEndMs = firstMs === null || lastMs === null ? null : firstMs + Math.min(params.warmupMaxMs, params.warmupFraction * (lastMs - firstMs));
  return {
    successes,
    warmupEndMs,
    rareShare: params.rareShare,
    mark({ successes: n, firstSuccessMs }) {
      const share = successes > 0 ? n / successes : 0;
      return {
        share,
        successes: n,
        firstSuccess: firstSuccessMs === null ? null : new Date(firstSuccessMs).toISOString(),
        status: n === 0 ? 'none' : share < params.rareShare ? 'rare' : 'normal',
        isNew: n > 0 && firstSuccessMs !== null && warmupEndMs !== null && firstSuccessMs > warmupEndMs,
      };
    },
  };
}
