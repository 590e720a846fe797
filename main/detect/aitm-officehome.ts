// aitm-officehome: browser sign-ins to OfficeHome with no device id, typical of adversary-in-the-middle
// phishing proxies (LF LETHAL-010). A pivot, not a verdict: raised to High from a new IP or a hosting ASN.
import { ASN, codes, countMissing, groupBy, iso, list, listText, marks, NETWORK_KIND, plural, uniq, USER } from './common';
import type { Detection, FindingDraft } from './types';

type Row = { pk: number; t: number; user: string; ip: string; code: number; asn: number | null; kind: string | null };

const APPLIES = ['interactiveUser'] as const;
const OFFICE_HOME = '4765445b-32c6-49b0-83e6-1d93765276ca';

/** Hosting and VPN networks attackers rent (a seed; the geo enrichment's network kinds count too). */
export const HOSTING_ASNS = [
  '14061', // DigitalOcean
  '16509', '14618', // Amazon
  '24940', // Hetzner
  '16276', // OVH
  '20473', // Vultr (Choopa)
  '63949', // Akamai Linode
  '51167', // Contabo
  '9009', // M247
  '212238', // Datacamp
  '49505', // Selectel
  '396982', '15169', // Google Cloud
  '45102', // Alibaba
  '132203', // Tencent
  '60729', // Zwiebelfreunde (Tor exits)
  '60068', // Datacamp CDN77
];

export const aitmOfficeHome: Detection = {
  id: 'aitm-officehome',
  title: 'OfficeHome sign-in without a device (AiTM pattern)',
  version: 1,
  severity: 'medium',
  attack: ['T1557'],
  appliesTo: [...APPLIES],
  params: {
    appIds: { default: [OFFICE_HOME], help: 'application ids of the AiTM landing app (OfficeHome)' },
    codes: { default: ['0', '50074', '50140', '53000'], help: 'error codes of the proxied sign-in steps' },
    hostingAsns: { default: HOSTING_ASNS, help: 'ASNs that raise the severity (the geo enrichment\'s hosting / VPN / anonymiser networks count too)' },
  },
  kql: `// OfficeHome sign-ins with no device id (after LF LETHAL-010), High from a hosting ASN; in Sentinel, join a list
// of the user's usual IPs to raise new ones.
SigninLogs
| where TimeGenerated > ago(7d)
| where AppId == "4765445b-32c6-49b0-83e6-1d93765276ca"
| extend DeviceDetail = todynamic(DeviceDetail)
| where isempty(tostring(DeviceDetail.deviceId)) and ResultType in ("0", "50074", "50140", "53000")
| extend Hosting = AutonomousSystemNumber in (14061, 16509, 14618, 24940, 16276, 20473, 63949, 51167, 9009, 212238, 49505, 396982, 15169, 45102, 132203, 60729, 60068)
| summarize SignIns = count(), Codes = make_set(ResultType), First = min(TimeGenerated), Last = max(TimeGenerated), Hosting = max(toint(Hosting))
    by UserPrincipalName, IPAddress
| extend Severity = iff(Hosting == 1, "High", "Medium")`,

  run(ctx, p) {
    const { db, trusted } = ctx;
    const apps = list(p, 'appIds').map((a) => a.toLowerCase());
    const okCodes = codes(p, 'codes');
    const hosting = new Set(list(p, 'hostingAsns').map(Number));
    if (!apps.length || !okCodes.length) return { findings: [], notEvaluable: 0 };
    const rows = db
      .prepare(
        `SELECT pk, created_ms AS t, ${USER} AS user, ip, error_code AS code, ${ASN} AS asn, ${NETWORK_KIND} AS kind FROM signins
         WHERE app_id IN (${marks(apps.length)}) AND +device_id IS NULL AND +error_code IN (${marks(okCodes.length)})
           AND +type IN (${marks(APPLIES.length)}) AND ip IS NOT NULL AND ${USER} IS NOT NULL ORDER BY created_ms`,
      )
      .all(...apps, ...okCodes, ...APPLIES) as Row[];
    const history = db.prepare('SELECT count(*) AS n, sum(ip = ?) AS same FROM signins WHERE user_upn = ? AND created_ms < ? AND +error_code = 0');
    const findings: FindingDraft[] = [];
    for (const [key, g] of groupBy(rows, (r) => `${r.user}|${r.ip}`)) {
      const first = g[0]!;
      if (trusted.ip(first.ip)) continue;
      const before = history.get(first.ip, first.user, first.t) as { n: number; same: number | null };
      const newIp = before.n > 0 && !before.same;
      const asn = g.find((r) => r.asn !== null)?.asn ?? null;
      const hosted = (asn !== null && hosting.has(asn)) || g.some((r) => r.kind !== null);
      const why = [newIp ? 'the address is new for the user' : '', hosted ? `it sits in a hosting / VPN network${asn !== null ? ` (AS${asn})` : ''}` : ''].filter(Boolean);
      findings.push({
        key,
        severity: why.length ? 'high' : 'medium',
        title: `OfficeHome without a device for ${first.user} from ${first.ip}`,
        explanation:
          `${first.user} signed in to OfficeHome from ${first.ip} with no device id ${plural(g.length, 'time')} (codes ${listText(uniq(g.map((r) => String(r.code))))}) ` +
          `between ${iso(first.t)} and ${iso(g.at(-1)!.t)}, the pattern adversary-in-the-middle phishing proxies leave. ` +
          (why.length ? `High because ${why.join(' and ')}.` : 'Ordinary logins from unmanaged devices look the same: use it as a pivot.'),
        users: [first.user],
        ips: [first.ip],
        startMs: first.t,
        endMs: g.at(-1)!.t,
        signInPks: g.map((r) => r.pk),
        facts: { newIp, asn, hosting: hosted, history: before.n },
      });
    }
    return { findings, notEvaluable: countMissing(db, 'app_id', APPLIES) };
  },
};
