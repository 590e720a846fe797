// ropc-sign-in: the Resource Owner Password Credentials flow, which cannot satisfy MFA (LF LETHAL-004 /
// 005), and its spoofed-client variant (Elastic credential_access_entra_id_ropc_unknown_client_id.toml).
import { bursts, countMissing, DAY, groupBy, HOUR, iso, list, listText, marks, num, plural, uniq, USER } from './common';
import type { Detection, FindingDraft } from './types';

type Row = { pk: number; t: number; user: string; ip: string | null; app: string | null; appId: string | null; code: number | null; ua: string | null; protocol: string | null };

const APPLIES = ['interactiveUser', 'nonInteractiveUser'] as const;

export const ropcSignIn: Detection = {
  id: 'ropc-sign-in',
  title: 'ROPC (password-only) sign-in',
  version: 1,
  severity: 'medium',
  attack: ['T1078.004', 'T1110.003', 'T1087.004'],
  appliesTo: [...APPLIES],
  params: {
    userAgents: { default: ['BAV2ROPC', 'AConsumerV2ROPC'], help: 'user agents of ROPC clients (LETHAL-005, with single-factor authentication)' },
    burstGapHours: { default: 24, min: 1, max: 720, help: 'ROPC uses of one app and client further apart than this (hours) are separate findings' },
    spoofedLookbackDays: { default: 10, min: 0, max: 365, help: 'spoofed client ids (700016, no app name) are raised once per app id not seen in this many days' },
  },
  kql: `// ROPC sign-ins (LF LETHAL-004/005) and the spoofed-client variant (Elastic ropc_unknown_client_id: 700016 with
// no application name, once per app id).
union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs
| where TimeGenerated > ago(7d)
| where AuthenticationProtocol == "ropc"
    or (UserAgent in ("BAV2ROPC", "AConsumerV2ROPC") and AuthenticationRequirement == "singleFactorAuthentication")
    or (ResultType == "700016" and isempty(AppDisplayName))
| summarize SignIns = count(), Successes = countif(ResultType == "0"), Codes = make_set(ResultType), IPs = make_set(IPAddress, 50), First = min(TimeGenerated), Last = max(TimeGenerated)
    by UserPrincipalName, AppId, AppDisplayName`,

  run(ctx, p) {
    const { db } = ctx;
    const cols = `pk, created_ms AS t, ${USER} AS user, ip, app_name AS app, app_id AS appId, error_code AS code, user_agent AS ua, auth_protocol AS protocol`;
    const agents = list(p, 'userAgents');
    const byProtocol = db
      .prepare(`SELECT ${cols} FROM signins WHERE auth_protocol COLLATE NOCASE = 'ropc' AND +type IN (${marks(APPLIES.length)}) AND ${USER} IS NOT NULL`)
      .all(...APPLIES) as Row[];
    const byAgent = agents.length
      ? (db
          .prepare(
            `SELECT ${cols} FROM signins WHERE user_agent IN (${marks(agents.length)}) AND lower(auth_requirement) = 'singlefactorauthentication'
             AND +type IN (${marks(APPLIES.length)}) AND ${USER} IS NOT NULL`,
          )
          .all(...agents, ...APPLIES) as Row[])
      : [];
    const spoofed = db
      .prepare(`SELECT ${cols} FROM signins WHERE error_code = 700016 AND (app_name IS NULL OR app_name = '') AND +type IN (${marks(APPLIES.length)}) AND ${USER} IS NOT NULL ORDER BY created_ms`)
      .all(...APPLIES) as Row[];

    const seen = new Set<number>();
    const rows = [...byProtocol, ...byAgent].filter((r) => (seen.has(r.pk) ? false : (seen.add(r.pk), true))).sort((a, b) => a.t - b.t);
    const findings: FindingDraft[] = [];
    // One finding per app and client (user agent), per burst of use (gaps under a day): a spray over ROPC
    // rotating through proxies is one finding naming its accounts; a script's service account another.
    const groups = [...groupBy(rows, (r) => `${r.appId ?? r.app ?? ''}|${r.ua ?? ''}`)].flatMap(([group, list]) =>
      bursts(list, num(p, 'burstGapHours') * HOUR).map((b) => [`${group}|${b[0]!.t}`, b] as const),
    );
    for (const [key, g] of groups) {
      const first = g[0]!;
      const ok = g.filter((r) => r.code === 0).length;
      const ips = uniq(g.map((r) => r.ip).filter((x): x is string => !!x));
      const how = g.some((r) => r.protocol?.toLowerCase() === 'ropc') ? 'the ROPC protocol' : `an ROPC client (${listText(uniq(g.map((r) => r.ua ?? '')))}) with single-factor authentication`;
      const users = uniq(g.map((r) => r.user));
      const who = users.length === 1 ? users[0]! : `${plural(users.length, 'account')} (${listText(users)})`;
      const app = first.app ?? first.appId ?? 'an unnamed app';
      findings.push({
        key,
        title: `ROPC sign-ins to ${app} ${users.length === 1 ? `for ${users[0]}` : `for ${plural(users.length, 'account')}`} from ${ips.length === 1 ? ips[0] : plural(ips.length, 'address', 'addresses')}`,
        explanation:
          `${who} signed in to ${app} with ${how} ${plural(g.length, 'time')} (${ok} successful) from ${listText(ips)} ` +
          `between ${iso(first.t)} and ${iso(g.at(-1)!.t)}: the password alone is sent, so MFA cannot be required.`,
        users,
        ips,
        startMs: first.t,
        endMs: g.at(-1)!.t,
        signInPks: g.map((r) => r.pk),
        facts: { successes: ok, failures: g.length - ok, codes: uniq(g.map((r) => r.code)) },
      });
    }

    // Spoofed client ids: once per app id not seen within the lookback.
    const lookback = num(p, 'spoofedLookbackDays') * DAY;
    for (const [appId, g] of groupBy(spoofed, (r) => r.appId ?? '')) {
      const bursts: Row[][] = [];
      for (const r of g) {
        const last = bursts.at(-1);
        if (last && r.t - last.at(-1)!.t <= lookback) last.push(r);
        else bursts.push([r]);
      }
      for (const b of bursts) {
        const users = uniq(b.map((r) => r.user));
        // A user who got 50126 before 700016 had the password validated by the oracle.
        const validated = users.filter((u) =>
          db.prepare(`SELECT 1 FROM signins WHERE user_upn = ? AND +error_code = 50126 AND created_ms < ? LIMIT 1`).get(u, b.at(-1)!.t),
        );
        findings.push({
          key: `spoofed|${appId}|${b[0]!.t}`,
          title: `ROPC with an unknown client id ${appId || '(none)'}`,
          explanation:
            `${plural(b.length, 'ROPC attempt')} with the client id ${appId || '(none)'}, which the tenant does not know (700016, no application name), for ${listText(users)} ` +
            `between ${iso(b[0]!.t)} and ${iso(b.at(-1)!.t)}: a spoofed client answers whether a password is right without MFA.` +
            (validated.length ? ` ${listText(validated)} had wrong-password failures (50126) before, so the password was validated.` : ''),
          users,
          ips: uniq(b.map((r) => r.ip).filter((x): x is string => !!x)),
          startMs: b[0]!.t,
          endMs: b.at(-1)!.t,
          signInPks: b.map((r) => r.pk),
          facts: { appId, validated },
        });
      }
    }
    return { findings, notEvaluable: countMissing(db, 'auth_protocol', APPLIES) };
  },
};
