// The case timeline (spread into channels.ts as `...timelineChannels`): a density band of the
// filtered sign-ins, counted per time bucket in main (never row by row in the renderer), and lanes of
// case items (findings, annotated sign-ins, notes, evidence, collections, other Graph sources).
// Times here are epoch milliseconds (UTC): the timeline is a plotting API, and numbers stay numbers.
// Every text field (labels, details) may come from logs: render it as text only.
import { z } from 'zod';
import { SignInFilter } from './filters';

const Ms = z.number().int().min(0).max(8_640_000_000_000_000);
const Count = z.number().int().nonnegative();

export const TimelineDensityQuery = z
  .object({
    /** The shared grid filter; its from/to (if any) are not applied here, so the band keeps its context. */
    filter: SignInFilter.default({}),
    /** The visible range; the filter's whole extent when absent. */
    fromMs: Ms.optional(),
    toMs: Ms.optional(),
    /** About how many buckets to cut the range into (the bucket width is then rounded to a readable one). */
    buckets: z.number().int().min(10).max(2000).default(300),
  })
  .strict()
  .refine((q) => q.fromMs === undefined || q.toMs === undefined || q.fromMs < q.toMs, { message: 'fromMs must be before toMs' });

/** Columnar counts per bucket (ready for uPlot): bucket i starts at startMs[i] and lasts bucketMs. */
export const TimelineDensity = z.object({
  /** First and last sign-in matching the filter (null for none): the zoom-out limit. */
  extent: z.object({ startMs: Ms, endMs: Ms }).nullable(),
  fromMs: Ms,
  toMs: Ms,
  bucketMs: z.number().int().positive(),
  /** Sign-ins in [fromMs, toMs). */
  total: Count,
  startMs: z.array(Ms),
  success: z.array(Count),
  failure: z.array(Count),
  interrupted: z.array(Count),
  unknown: z.array(Count),
});
export type TimelineDensity = z.infer<typeof TimelineDensity>;

export const TimelineLane = z.enum(['finding', 'tagged', 'bookmark', 'note', 'evidence', 'collection', 'directoryAudit', 'riskDetection', 'riskyUser']);
export type TimelineLane = z.infer<typeof TimelineLane>;

export const TIMELINE_LANE_LABELS: Record<TimelineLane, string> = {
  finding: 'Findings',
  tagged: 'Tagged sign-ins',
  bookmark: 'Bookmarked sign-ins',
  note: 'Notes',
  evidence: 'Evidence (span of each file)',
  collection: 'Collections (range asked)',
  directoryAudit: 'Directory audits',
  riskDetection: 'Risk detections',
  riskyUser: 'Risky users',
};

/** What clicking an item opens: a sign-in's details pane, a finding, or the item's own fields. */
export const TimelineRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('signin'), id: z.string() }),
  z.object({ kind: z.literal('finding'), id: z.string() }),
  z.object({ kind: z.literal('evidence'), id: z.number().int() }),
  z.object({ kind: z.literal('collection'), id: z.number().int() }),
  z.object({ kind: z.literal('directoryAudit'), id: z.number().int() }),
  z.object({ kind: z.literal('riskDetection'), id: z.number().int() }),
  z.object({ kind: z.literal('riskyUser'), id: z.number().int() }),
  z.object({ kind: z.literal('annotation'), id: z.number().int() }),
]);
export type TimelineRef = z.infer<typeof TimelineRef>;

export const TimelineItem = z.object({
  lane: TimelineLane,
  /** Unique within a response (lane + ref). */
  key: z.string(),
  startMs: Ms,
  /** For spans (findings, evidence, collections); null for a point in time. */
  endMs: Ms.nullable(),
  label: z.string(),
  /** Lower-cased UPNs (or service principal names) the item is about, for grouping lanes by user. */
  users: z.array(z.string()),
  /** high | medium | low for findings; the outcome for sign-ins; the result / risk level for other sources. */
  level: z.string().nullable(),
  ref: TimelineRef,
});
export type TimelineItem = z.infer<typeof TimelineItem>;

export const TimelineItemsQuery = z
  .object({
    fromMs: Ms.optional(),
    toMs: Ms.optional(),
    lanes: z.array(TimelineLane).optional(),
    /** At most this many items per lane (the first in time); `truncated` says which lanes hit it. */
    limit: z.number().int().positive().max(20_000).default(5000),
  })
  .strict();

export const TimelineItems = z.object({
  items: z.array(TimelineItem),
  /** Lanes that have data in this case (empty lanes are not drawn). */
  lanes: z.array(TimelineLane),
  /** Per lane, how many items in the range were left out by the limit. */
  truncated: z.record(z.string(), Count),
});
export type TimelineItems = z.infer<typeof TimelineItems>;

/** One item's fields, for the side panel (labels and values are text). */
export const TimelineItemDetail = z.object({
  title: z.string(),
  fields: z.array(z.object({ label: z.string(), value: z.string() })),
  /** Sign-ins the item stands for (a finding's evidence), oldest first, capped at 200. */
  signInIds: z.array(z.string()),
});
export type TimelineItemDetail = z.infer<typeof TimelineItemDetail>;

export const timelineChannels = {
  /** Sign-ins per bucket, stacked by status, over the visible range (counted in SQL). */
  'timeline.density': { input: TimelineDensityQuery, output: TimelineDensity },
  /** The lanes' items in the visible range (whole case, not the grid filter). */
  'timeline.items': { input: TimelineItemsQuery.default({ limit: 5000 }), output: TimelineItems },
  /** One item's fields for the side panel. */
  'timeline.item': { input: z.object({ ref: TimelineRef }).strict(), output: TimelineItemDetail },
} as const;
