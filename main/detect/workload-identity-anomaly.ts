// workload-identity-anomaly: a service principal or managed identity signing in from a network it never used,
// or with a credential key it never used (proposed: the reference names the anomaly, no public threshold).
// Each identity first learns its networks and keys; only what appears after that is raised.
import { ASN, bool, countMissing, DAY, groupBy, iso, listText, marks, num, plural, rawField, uniq } from './common';
import type { Detection, FindingDraft, Severity } from './types';

type Row = { pk: number; t: number; identity: string; name: string; ip: string | null; asn: number | null; type: string };
type Event = Row & { key: string | null; newIp: boolean; newAsn: boolean; newKey: boolean };

const APPLIES = ['servicePrincipal', 'managedIdentity'] as const;

/** The names the credential key id has in the exports (Graph / LA JSON, LA CSV, the admin center CSV). */
const KEY_NAMES = ['servicePrincipalCredentialKeyId', 'Credential key id'];

function keyIdOf(v: string | null | undefined): string | null {
  return typeof v === 'string' && v.trim() && v.trim() !== '00000000-0000-0000-0000-000000000000' ? v.trim().toLowerCase() : null;
}

export const workloadIdentityAnomaly: Detection = {
  id: 'workload-identity-anomaly',
  title: 'Workload identity from a new network or with a new credential',
  version: 1,
  severity: 'medium',
  attack: ['T1078.004', 'T1098.001'],
  appliesTo: [...APPLIES],
  params: {
    learningDays: { default: 7, min: 0, max: 90, help: "days from an identity's first sign-in in the case during which its networks and keys are learned, not raised" },
    newIpInKnownAsn: {
      default: false,
      help: 'also raise a new address inside a network (ASN) the identity already uses (low); cloud workloads change addresses within their provider all the time',
    },
  },
  kql: `// Workload identities from a new IP / ASN or with a new credential key: the last day against the 14 before it.
let learn = AADServicePrincipalSignInLogs | where TimeGenerated between (ago(15d) .. ago(1d)) and ResultType == "0"
  | summarize KnownIPs = make_set(IPAddress), KnownKeys = make_set(ServicePrincipalCredentialKeyId) by ServicePrincipalId;
AADServicePrincipalSignInLogs
| where TimeGenerated > ago(1d) and ResultType == "0"
| join kind=inner learn on ServicePrincipalId
| extend NewIP = not(set_has_element(KnownIPs, IPAddress)), NewKey = isnotempty(ServicePrincipalCredentialKeyId) and not(set_has_element(KnownKeys, ServicePrincipalCredentialKeyId))
| where NewIP or NewKey
| summarize SignIns = count(), IPs = make_set(IPAddress, 20), Keys = make_set(ServicePrincipalCredentialKeyId, 5), First = min(TimeGenerated)
    by ServicePrincipalName, ServicePrincipalId, NewIP, NewKey
// Managed identities: the same over AADManagedIdentitySignInLogs (no credential key).`,

  async run(ctx, p) {
    const { db, trusted } = ctx;
    const rows = db
      .prepare(
        `SELECT pk, created_ms AS t, COALESCE(app_id, app_name) AS identity, COALESCE(app_name, app_id) AS name, ip, ${ASN} AS asn, type FROM signins
         WHERE type IN (${marks(APPLIES.length)}) AND +error_code = 0 AND COALESCE(app_id, app_name) IS NOT NULL ORDER BY created_ms`,
      )
      .all(...APPLIES) as Row[];
    const keyIds = await rawField(db, rows.filter((r) => r.type === 'servicePrincipal').map((r) => r.pk), KEY_NAMES);
    const learning = num(p, 'learningDays') * DAY;
    let keyless = 0;
    const findings: FindingDraft[] = [];
    for (const [identity, list] of groupBy(rows, (r) => r.identity)) {
      const ips = new Set<string>();
      const asns = new Set<number>();
      const keys = new Set<string>();
      const start = list[0]!.t;
      const events: Event[] = [];
      for (const r of list) {
        const key = r.type === 'servicePrincipal' ? keyIdOf(keyIds.get(r.pk)) : null;
        if (r.type === 'servicePrincipal' && key === null) keyless++;
        const learned = r.t - start < learning;
        const e: Event = {
          ...r,
          key,
          newIp: !learned && !!r.ip && !ips.has(r.ip) && !trusted.ip(r.ip),
          newAsn: !learned && r.asn !== null && !asns.has(r.asn) && !trusted.ip(r.ip),
          newKey: !learned && key !== null && !keys.has(key),
        };
        // Once seen, a network or key is known: later sign-ins from it belong to the same finding.
        if (r.ip) ips.add(r.ip);
        if (r.asn !== null) asns.add(r.asn);
        if (key) keys.add(key);
        events.push(e);
      }
      const name = list[0]!.name;
      // Every later sign-in with a key or network that first appeared after learning is evidence.
      const newKeys = new Set(events.filter((e) => e.newKey).map((e) => e.key!));
      const newAsns = new Set(events.filter((e) => e.newAsn).map((e) => e.asn!));
      // Without an ASN a new address is all there is to go on; inside a known ASN it is raised only on request.
      const newIps = new Set(events.filter((e) => e.newIp && (e.asn === null || (!newAsns.has(e.asn) && bool(p, 'newIpInKnownAsn')))).map((e) => e.ip!));
      const offNetwork = (e: Event) => (e.asn !== null && newAsns.has(e.asn)) || (e.ip !== null && newIps.has(e.ip));
      const covered = new Set<number>();
      for (const k of newKeys) {
        const g = events.filter((e) => e.key === k);
        const off = g.some(offNetwork);
        g.forEach((e) => covered.add(e.pk));
        findings.push(finding(identity, name, `key|${k}`, off ? 'high' : 'medium', g, `used the credential key ${k}, which it had not used before${off ? ', from a network it had never used' : ''}`));
      }
      for (const a of newAsns) {
        const g = events.filter((e) => e.asn === a);
        if (g.every((e) => covered.has(e.pk))) continue;
        findings.push(finding(identity, name, `asn|${a}`, 'medium', g, `signed in from AS${a}, a network it had never used`));
      }
      for (const ip of newIps) {
        const g = events.filter((e) => e.ip === ip);
        if (g.every((e) => covered.has(e.pk))) continue;
        findings.push(finding(identity, name, `ip|${ip}`, 'low', g, `signed in from ${ip}, an address it had never used${g[0]!.asn !== null ? ` (in AS${g[0]!.asn}, a network it knows)` : ''}`));
      }
    }

    function finding(identity: string, name: string, what: string, severity: Severity, g: Event[], sentence: string): FindingDraft {
      const ips = uniq(g.map((e) => e.ip).filter((x): x is string => !!x));
      const kind = g[0]!.type === 'managedIdentity' ? 'Managed identity' : 'Service principal';
      return {
        key: `${identity}|${what}`,
        severity,
        title: `${kind} ${name}: ${what.startsWith('key') ? 'new credential key' : 'new network'}`,
        explanation:
          `${kind} ${name} (${identity}) ${sentence}: ${plural(g.length, 'sign-in')} between ${iso(g[0]!.t)} and ${iso(g.at(-1)!.t)} from ${listText(ips)}, ` +
          `after ${num(p, 'learningDays')} days of learning its usual networks and keys.`,
        users: [name.toLowerCase()],
        ips,
        startMs: g[0]!.t,
        endMs: g.at(-1)!.t,
        signInPks: g.map((e) => e.pk),
        facts: { identity, keys: uniq(g.map((e) => e.key).filter(Boolean)), asns: uniq(g.map((e) => e.asn).filter((x) => x !== null)) },
      };
    }
    return { findings, notEvaluable: countMissing(db, 'ip', APPLIES) + keyless };
  },
};
