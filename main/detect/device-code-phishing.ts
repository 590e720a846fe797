// device-code-phishing: device-code authentication, which phishing kits abuse to obtain tokens without the
// victim's password or MFA (LF LETHAL-011..015; Elastic device_code_auth_with_broker_client.toml).
import type { SignIn } from '../../preload/contract';
import { countMissing, groupBy, HOUR, iso, listText, marks, num, plural, readRecords, uniq, USER } from './common';
import type { Detection, FindingDraft } from './types';

type Row = { pk: number; t: number; user: string; ip: string | null; app: string | null; appId: string | null; resource: string | null; resourceId: string | null };

const APPLIES = ['interactiveUser', 'nonInteractiveUser'] as const;
const BROKER = '29d9ed98-a469-4536-ade2-f981bc1d605e';
const DRS = '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9';

const field = (r: SignIn | undefined, name: string): unknown => (r as Record<string, unknown> | undefined)?.[name];
const transferredByDeviceCode = (r: SignIn | undefined) => String(field(r, 'originalTransferMethod') ?? '').toLowerCase() === 'devicecodeflow';

/** The sign-in came from a network the tenant names as trusted (networkLocationDetails). */
function fromTrustedNamedLocation(r: SignIn | undefined): boolean {
  const details = field(r, 'networkLocationDetails');
  return Array.isArray(details) && details.some((d) => !!d && typeof d === 'object' && String((d as Record<string, unknown>)['networkType']).toLowerCase() === 'trustednamedlocation');
}

/** The broker as the app or among the Conditional Access audiences. */
function viaBroker(row: Row, r: SignIn | undefined): boolean {
  if (row.appId?.toLowerCase() === BROKER) return true;
  const audiences = field(r, 'conditionalAccessAudiences');
  return Array.isArray(audiences) && audiences.some((a) => JSON.stringify(a).toLowerCase().includes(BROKER));
}

export const deviceCodePhishing: Detection = {
  id: 'device-code-phishing',
  title: 'Device-code authentication',
  version: 1,
  severity: 'medium',
  attack: ['T1528', 'T1098.005'],
  appliesTo: [...APPLIES],
  params: {
    followHours: { default: 24, min: 0, max: 720, help: 'also gather the same user\'s later sign-ins transferred by device code (originalTransferMethod) within this many hours' },
    sessionGapHours: { default: 24, min: 1, max: 720, help: 'device-code sign-ins of one user further apart than this are separate findings' },
  },
  kql: `// Device-code authentication (after LF LETHAL-011..015 and Elastic device_code_auth_with_broker_client): High with
// the Authentication Broker, the Device Registration Service, or outside a trusted named location.
union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs
| where TimeGenerated > ago(7d)
| where AuthenticationProtocol == "deviceCode" or OriginalTransferMethod == "deviceCodeFlow"
| extend Trusted = tostring(NetworkLocationDetails) has "trustedNamedLocation"
| extend Broker = AppId == "29d9ed98-a469-4536-ade2-f981bc1d605e" or tostring(ConditionalAccessAudiences) has "29d9ed98-a469-4536-ade2-f981bc1d605e"
| extend DRS = ResourceIdentity == "01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9"
| extend Severity = iff(Broker or DRS or not(Trusted), "High", "Medium")
| project TimeGenerated, UserPrincipalName, IPAddress, AppDisplayName, ResourceDisplayName, AuthenticationProtocol, OriginalTransferMethod, Severity`,

  async run(ctx, p) {
    const { db, trusted } = ctx;
    const cols = `pk, created_ms AS t, ${USER} AS user, ip, app_name AS app, app_id AS appId, resource_name AS resource, resource_id AS resourceId`;
    const base = db
      .prepare(`SELECT ${cols} FROM signins WHERE auth_protocol COLLATE NOCASE = 'deviceCode' AND +type IN (${marks(APPLIES.length)}) AND ${USER} IS NOT NULL ORDER BY created_ms`)
      .all(...APPLIES) as Row[];
    const follow = num(p, 'followHours') * HOUR;
    const later = db.prepare(`SELECT ${cols} FROM signins WHERE user_upn = ? AND created_ms BETWEEN ? AND ? AND +type IN (${marks(APPLIES.length)})`);
    const findings: FindingDraft[] = [];
    for (const [user, rows] of groupBy(base, (r) => r.user)) {
      const sessions: Row[][] = [];
      for (const r of rows) {
        const last = sessions.at(-1);
        if (last && r.t - last.at(-1)!.t <= num(p, 'sessionGapHours') * HOUR) last.push(r);
        else sessions.push([r]);
      }
      for (const s of sessions) {
        // The tokens the device code yielded, used later (originalTransferMethod deviceCodeFlow).
        const ips = new Set(s.map((r) => r.ip));
        const seen = new Set(s.map((r) => r.pk));
        const candidates = follow > 0 ? (later.all(user, s[0]!.t, s.at(-1)!.t + follow, ...APPLIES) as Row[]).filter((r) => !seen.has(r.pk) && ips.has(r.ip)) : [];
        const records = await readRecords(db, [...s, ...candidates].map((r) => r.pk));
        const followed = candidates.filter((r) => transferredByDeviceCode(records.get(r.pk)));
        const evidence = [...s, ...followed].sort((a, b) => a.t - b.t);
        const reasons: string[] = [];
        if (s.some((r) => viaBroker(r, records.get(r.pk)))) reasons.push('the Microsoft Authentication Broker was the client (device registration and PRT minting)');
        if (s.some((r) => r.resourceId?.toLowerCase() === DRS)) reasons.push('it reached the Device Registration Service');
        const outside = s.filter((r) => !fromTrustedNamedLocation(records.get(r.pk)) && !trusted.ip(r.ip));
        if (outside.length) reasons.push('it did not come from a trusted named location');
        const first = s[0]!;
        const apps = uniq(s.map((r) => r.app ?? r.appId ?? 'unknown app'));
        findings.push({
          key: `${user}|${first.t}`,
          severity: reasons.length ? 'high' : 'medium',
          title: `Device-code sign-in by ${user}`,
          explanation:
            `${user} signed in with the device-code flow ${plural(s.length, 'time')} (${listText(apps)} to ${listText(uniq(s.map((r) => r.resource ?? 'unknown resource')))}) ` +
            `from ${listText(uniq(s.map((r) => r.ip ?? 'unknown address')))} between ${iso(first.t)} and ${iso(s.at(-1)!.t)}` +
            (followed.length ? `, and ${plural(followed.length, 'later sign-in')} used the tokens it yielded` : '') +
            `. Device-code phishing gets tokens without the victim's password or MFA.` +
            (reasons.length ? ` High because ${reasons.join('; ')}.` : ' It came from a trusted location, so it may be a legitimate CLI or shared-device login.'),
          users: [user],
          ips: uniq(evidence.map((r) => r.ip).filter((x): x is string => !!x)),
          startMs: evidence[0]!.t,
          endMs: evidence.at(-1)!.t,
          signInPks: evidence.map((r) => r.pk),
          facts: { deviceCodeSignIns: s.length, followUps: followed.length, reasons },
        });
      }
    }
    return { findings, notEvaluable: countMissing(db, 'auth_protocol', APPLIES) };
  },
};
