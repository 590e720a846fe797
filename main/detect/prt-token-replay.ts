// prt-token-replay: a device-bound Primary Refresh Token replayed off the device by first-party tooling
// (Elastic credential_access_entra_id_prt_cookie_replay_unusual_ip.toml, High), and LF LETHAL-021's
// companion (the Authentication Broker with an unbound PRT).
import { bool, countMissing, groupBy, HOUR, iso, list, listText, marks, num, plural, readRecords, uniq, USER, userAddressBook } from './common';
import type { Detection, FindingDraft } from './types';

type Row = { pk: number; t: number; user: string; ip: string | null; device: string; app: string | null; appId: string | null };

const APPLIES = ['interactiveUser', 'nonInteractiveUser'] as const;
// Application ids are lower-case GUIDs in every export, so the app_id index serves these lists.
export const FOCI_TOOLING = [
  '04b07795-8ddb-461a-bbee-02f9e1bf7b46', // Azure CLI
  '1950a258-227b-4e31-a9cf-717495945fc2', // Azure PowerShell
  'aebc6443-996d-45c2-90f0-388ff96faa56', // Visual Studio Code
  '14d82eec-204b-4c2f-b7e8-296a70dab67e', // Microsoft Graph Command Line Tools
  '1b730954-1685-4b74-9bfd-dac224a7b894', // Azure Active Directory PowerShell
  '872cd9fa-d31f-45e0-9eab-6e460a02d1f1', // Visual Studio
];
const RESOURCES = [
  '00000003-0000-0000-c000-000000000000', // Microsoft Graph
  '00000003-0000-0ff1-ce00-000000000000', // SharePoint Online
  '6a9b9266-8161-4a7b-913a-a9eda19da220', // OneDrive
  '00000002-0000-0ff1-ce00-000000000000', // Exchange Online
];
const BROKER = '29d9ed98-a469-4536-ade2-f981bc1d605e';
const WAM_UA = 'Windows-AzureAD-Authentication-Provider/1.0';

export const prtTokenReplay: Detection = {
  id: 'prt-token-replay',
  title: 'Primary Refresh Token replayed off the device',
  version: 1,
  severity: 'high',
  attack: ['T1528', 'T1539', 'T1550.001', 'T1078.004'],
  appliesTo: [...APPLIES],
  params: {
    toolingApps: { default: FOCI_TOOLING, help: 'application ids of the first-party tools a replay uses' },
    resources: { default: RESOURCES, help: 'resource ids a replay reaches (Graph, SharePoint, OneDrive, Exchange)' },
    windowHours: { default: 24, min: 1, max: 720, help: "the device's own sessions (Windows Sign In, WAM) within this many hours either side" },
    clearKnownUserIps: {
      default: true,
      help: "Sightline's refinement: an address the user's other (non-tooling) sign-ins also used is the user's own network, not a replay",
    },
    brokerCompanion: { default: true, help: 'also raise LETHAL-021: the Authentication Broker with an unbound PRT for a member (medium)' },
  },
  kql: `// PRT replay (after Elastic prt_cookie_replay_unusual_ip): FOCI tooling with a device PRT reaching Graph,
// SharePoint, OneDrive or Exchange from an IP the device's own sessions did not use within 24 h.
let tooling = dynamic(["04b07795-8ddb-461a-bbee-02f9e1bf7b46", "1950a258-227b-4e31-a9cf-717495945fc2", "aebc6443-996d-45c2-90f0-388ff96faa56",
  "14d82eec-204b-4c2f-b7e8-296a70dab67e", "1b730954-1685-4b74-9bfd-dac224a7b894", "872cd9fa-d31f-45e0-9eab-6e460a02d1f1"]);
let resources = dynamic(["00000003-0000-0000-c000-000000000000", "00000003-0000-0ff1-ce00-000000000000", "6a9b9266-8161-4a7b-913a-a9eda19da220",
  "00000002-0000-0ff1-ce00-000000000000"]);
let signins = union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs
  | where TimeGenerated > ago(1d) and ResultType == "0"
  | extend DeviceDetail = todynamic(DeviceDetail) | extend DeviceId = tostring(DeviceDetail.deviceId)
  | where isnotempty(DeviceId);
let sessions = signins
  | where AppDisplayName == "Windows Sign In" or UserAgent == "Windows-AzureAD-Authentication-Provider/1.0"
  | summarize SessionIPs = make_set(IPAddress) by UserPrincipalName, DeviceId;
signins
| where AppId in (tooling) and ResourceIdentity in (resources) and IncomingTokenType == "primaryRefreshToken"
| where tobool(DeviceDetail.isCompliant) or tobool(DeviceDetail.isManaged)
| join kind=inner sessions on UserPrincipalName, DeviceId
| where not(set_has_element(SessionIPs, IPAddress))
| project TimeGenerated, UserPrincipalName, DeviceId, IPAddress, AppDisplayName, SessionIPs`,

  async run(ctx, p) {
    const { db, trusted } = ctx;
    const tooling = list(p, 'toolingApps').map((a) => a.toLowerCase());
    const resources = list(p, 'resources').map((a) => a.toLowerCase());
    const window = num(p, 'windowHours') * HOUR;
    const findings: FindingDraft[] = [];
    if (tooling.length && resources.length) {
      const replays = db
        .prepare(
          `SELECT pk, created_ms AS t, ${USER} AS user, ip, device_id AS device, app_name AS app, app_id AS appId FROM signins
           WHERE app_id IN (${marks(tooling.length)}) AND lower(resource_id) IN (${marks(resources.length)}) AND +error_code = 0
             AND lower(incoming_token_type) = 'primaryrefreshtoken' AND device_id IS NOT NULL AND (is_compliant = 1 OR is_managed = 1)
             AND +type IN (${marks(APPLIES.length)}) AND ip IS NOT NULL AND user_upn IS NOT NULL ORDER BY created_ms`,
        )
        .all(...tooling, ...resources, ...APPLIES) as Row[];
      // The device's own sessions, read once per user and device (the device index), then matched in memory.
      const sessionsOf = db.prepare(
        `SELECT pk, created_ms AS t, ip FROM signins WHERE device_id = ? AND +user_upn = ? AND +error_code = 0 AND +created_ms BETWEEN ? AND ?
           AND (app_name = 'Windows Sign In' OR user_agent = '${WAM_UA}') AND ip IS NOT NULL`,
      );
      const isKnown = userAddressBook(db, tooling, true);
      const clearKnown = bool(p, 'clearKnownUserIps');
      const hits: (Row & { sessionIps: string[]; sessionPk: number })[] = [];
      for (const group of groupBy(replays, (r) => `${r.user}|${r.device}`).values()) {
        const first = group[0]!;
        const all = sessionsOf.all(first.device, first.user, first.t - window, group.at(-1)!.t + window) as { pk: number; t: number; ip: string }[];
        for (const r of group) {
          const sessions = all.filter((s) => Math.abs(s.t - r.t) <= window);
          // Like Elastic's inner join: with no device session to compare, there is nothing to say.
          if (sessions.length === 0) continue;
          const sessionIps = uniq(sessions.map((s) => s.ip));
          if (sessionIps.includes(r.ip!) || trusted.ip(r.ip)) continue;
          if (clearKnown && isKnown(r.user, r.ip!, r.t)) continue;
          const nearest = sessions.reduce((a, b) => (Math.abs(b.t - r.t) < Math.abs(a.t - r.t) ? b : a));
          hits.push({ ...r, sessionIps, sessionPk: nearest.pk });
        }
      }
      for (const [key, g] of groupBy(hits, (r) => `${r.user}|${r.device}|${r.ip}`)) {
        const first = g[0]!;
        const sessionIps = uniq(g.flatMap((r) => r.sessionIps));
        const apps = uniq(g.map((r) => r.app ?? r.appId ?? 'unknown app'));
        findings.push({
          key,
          title: `PRT of ${first.user}'s device used from ${first.ip}`,
          explanation:
            `${plural(g.length, 'sign-in')} of ${first.user} by ${listText(apps)} carried the Primary Refresh Token of compliant or managed device ${first.device} ` +
            `from ${first.ip} between ${iso(first.t)} and ${iso(g.at(-1)!.t)}, while the device's own sessions (Windows Sign In / WAM) within ${num(p, 'windowHours')} hours ` +
            `came from ${listText(sessionIps)}: the device's token was replayed from elsewhere.`,
          users: [first.user],
          ips: uniq([first.ip!, ...sessionIps]),
          startMs: Math.min(first.t, ...g.map((r) => r.t)),
          endMs: g.at(-1)!.t,
          signInPks: uniq([...g.map((r) => r.sessionPk), ...g.map((r) => r.pk)]),
          facts: { device: first.device, replayIp: first.ip, sessionIps, apps },
        });
      }
    }

    if (bool(p, 'brokerCompanion')) {
      const broker = db
        .prepare(
          `SELECT pk, created_ms AS t, ${USER} AS user, ip, device_id AS device, app_name AS app, app_id AS appId FROM signins
           WHERE app_id = ? AND lower(incoming_token_type) = 'primaryrefreshtoken' AND device_id IS NOT NULL AND lower(user_type) = 'member'
             AND +type IN (${marks(APPLIES.length)}) AND ${USER} IS NOT NULL ORDER BY created_ms`,
        )
        .all(BROKER, ...APPLIES) as Row[];
      const records = await readRecords(db, broker.map((r) => r.pk));
      const unbound = broker.filter((r) => {
        const tp = (records.get(r.pk) as Record<string, unknown> | undefined)?.['tokenProtectionStatusDetails'] as Record<string, unknown> | undefined;
        return String(tp?.['signInSessionStatus'] ?? '').toLowerCase() === 'unbound';
      });
      for (const [key, g] of groupBy(unbound, (r) => `${r.user}|${r.device}`)) {
        const first = g[0]!;
        const ips = uniq(g.map((r) => r.ip).filter((x): x is string => !!x));
        findings.push({
          key: `broker|${key}`,
          severity: 'medium',
          title: `Authentication Broker with an unbound PRT for ${first.user}`,
          explanation:
            `${plural(g.length, 'sign-in')} of member ${first.user} through the Microsoft Authentication Broker used a Primary Refresh Token of device ${first.device} ` +
            `whose sign-in session was not bound (token protection "unbound") from ${listText(ips)} between ${iso(first.t)} and ${iso(g.at(-1)!.t)} (LETHAL-021).`,
          users: [first.user],
          ips,
          startMs: first.t,
          endMs: g.at(-1)!.t,
          signInPks: g.map((r) => r.pk),
          facts: { device: first.device, companion: 'LETHAL-021' },
        });
      }
    }
    return { findings, notEvaluable: countMissing(db, 'incoming_token_type', APPLIES) };
  },
};
