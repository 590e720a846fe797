// What every detection module exports. One file per detection in this folder; the registry
// (./registry.ts) lists them and refuses duplicate ids.
import type { SignInType } from '../../preload/contract/domain';
import type { CaseDb } from '../case/db';

export type Severity = 'low' | 'medium' | 'high';

export type ParamValue = number | string | boolean | string[];

/** A tunable threshold: its default, the unit or meaning in words, and the bounds the settings panel enforces. */
export type ParamSpec = { default: ParamValue; help: string; min?: number; max?: number };

/**
 * The case's trusted places, named by the analyst (office egress CIDRs, VPN concentrators, offices).
 * Detections skip or down-rank what is trusted; the map draws it differently.
 */
export type Trusted = {
  /** True when the address falls in a trusted range. */
  ip(ip: string | null | undefined): boolean;
  /** True when the point is within a trusted location's radius. */
  place(lat: number | null | undefined, lon: number | null | undefined): boolean;
};

export type DetectionContext = {
  db: CaseDb;
  trusted: Trusted;
  /** Reports progress within this detection (0..1); optional. */
  progress?: (fraction: number) => void;
};

/** One finding as a detection produces it; the runner stores it, with a stable id derived from `key`. */
export type FindingDraft = {
  /**
   * What makes this finding the same finding on a re-run (e.g. `user|windowStartMs` or `ip`): the stored
   * id is a hash of the detection id and this key, so re-running keeps ids and triage.
   */
  key: string;
  /** Overrides the detection's severity for this finding (e.g. down-ranked for a VPN leg). */
  severity?: Severity;
  title: string;
  /** A sentence an analyst can paste into a report. */
  explanation: string;
  /** Lower-cased UPNs (or service principal / managed identity names). */
  users: string[];
  ips: string[];
  startMs: number;
  endMs: number;
  /** signins.pk of the evidence sign-ins. */
  signInPks: number[];
  /** Extra facts for the detail view and the report (distances, counts, ASNs ...). */
  facts?: Record<string, unknown>;
};

export type DetectionResult = {
  findings: FindingDraft[];
  /** Sign-ins this detection applies to but could not judge because a field it needs is missing. */
  notEvaluable: number;
};

export type Detection = {
  id: string;
  title: string;
  /** Bump when the logic changes: stored findings record the version that produced them. */
  version: number;
  severity: Severity;
  /** MITRE ATT&CK technique ids, e.g. ['T1110.003']. */
  attack: string[];
  appliesTo: SignInType[];
  params: Record<string, ParamSpec>;
  /** The same logic in KQL over SigninLogs / AADNonInteractiveUserSignInLogs, for a whole tenant. Not run by Sightline. */
  kql: string;
  /**
   * Synchronous SQL for most detections; a detection that re-reads raw records (authentication steps,
   * credential key ids: main/case/records.ts is async) returns a promise. Callers always await.
   */
  run(ctx: DetectionContext, params: Record<string, ParamValue>): DetectionResult | Promise<DetectionResult>;
};
