// success-then-fail-different-ip: a success followed shortly by a failure for the same user and app from
// another network: someone else may hold the password (Sentinel SuccessThenFail_DiffIP_SameUserandApp.yaml
// v2.1.11, without its UEBA filter).
import { bool, codes, countMissing, groupBy, HOUR, ipBlock, iso, list, marks, MINUTE, num, plural, uniq } from './common';
import type { Detection, FindingDraft } from './types';

type Pair = { fpk: number; ft: number; fip: string; fcode: number; fdevice: string | null; spk: number; st: number; sip: string; user: string; app: string };

const APPLIES = ['interactiveUser', 'nonInteractiveUser'] as const;

export const successThenFailDifferentIp: Detection = {
  id: 'success-then-fail-different-ip',
  title: 'Success then failure from another network',
  version: 1,
  severity: 'medium',
  attack: ['T1110', 'T1078'],
  appliesTo: [...APPLIES],
  params: {
    windowMinutes: { default: 10, min: 1, max: 1440, help: 'the failure follows the success within this time (minutes)' },
    notFailureCodes: { default: ['0', '50140'], help: 'codes that do not count as the failure' },
    excludeApps: { default: ['Office 365 Exchange Online', 'Skype for Business Online'], help: 'applications the rule leaves out' },
    ignoreKnownDevices: {
      default: true,
      help: "skip a failure from a registered device this user also signs in from successfully (the user's own phone switching to its carrier)",
    },
  },
  kql: `// Success then failure from a different network for the same user and app within 10 minutes (after Sentinel
// SuccessThenFail_DiffIP_SameUserandApp.yaml; its UEBA filter is left out).
let window = 10m;
let signins = union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs
  | where TimeGenerated > ago(1d)
  | where AppDisplayName !in ("Office 365 Exchange Online", "Skype for Business Online")
  | extend Block = iff(IPAddress has ":", strcat_array(array_slice(split(IPAddress, ":"), 0, 1), ":"), strcat_array(array_slice(split(IPAddress, "."), 0, 1), "."));
signins
| where ResultType == "0"
| project SuccessTime = TimeGenerated, UserPrincipalName, AppDisplayName, SuccessIP = IPAddress, SuccessBlock = Block
| join kind=inner (
    signins | where ResultType !in ("0", "50140") and ResultDescription != "Other"
    | project FailureTime = TimeGenerated, UserPrincipalName, AppDisplayName, FailureIP = IPAddress, FailureBlock = Block, ResultType
  ) on UserPrincipalName, AppDisplayName
| where FailureTime between (SuccessTime .. (SuccessTime + window)) and FailureBlock != SuccessBlock`,

  run(ctx, p) {
    const { db, trusted } = ctx;
    const window = num(p, 'windowMinutes') * MINUTE;
    const notFailure = codes(p, 'notFailureCodes');
    const excluded = list(p, 'excludeApps').map((a) => a.toLowerCase());
    // Each failure joined to the same user's successes for the same app in the window before it (the
    // user index serves the inner side).
    const pairs = db
      .prepare(
        `SELECT f.pk AS fpk, f.created_ms AS ft, f.ip AS fip, f.error_code AS fcode, f.device_id AS fdevice, s.pk AS spk, s.created_ms AS st, s.ip AS sip,
                f.user_upn AS user, f.app_name AS app
         FROM signins f JOIN signins s ON s.user_upn = f.user_upn AND s.created_ms BETWEEN f.created_ms - ? AND f.created_ms
         WHERE f.outcome IN ('failure', 'interrupted') AND f.error_code NOT IN (${marks(notFailure.length)}) AND +f.type IN (${marks(APPLIES.length)})
           AND f.user_upn IS NOT NULL AND f.ip IS NOT NULL AND f.app_name IS NOT NULL
           AND coalesce(lower(f.failure_reason), '') NOT IN ('other', 'other.')
           AND +s.error_code = 0 AND +s.app_name = f.app_name AND s.ip IS NOT NULL AND s.pk <> f.pk AND +s.type IN (${marks(APPLIES.length)})
         ORDER BY f.created_ms`,
      )
      .all(window, ...notFailure, ...APPLIES, ...APPLIES) as Pair[];

    const ownDevice = db.prepare('SELECT 1 FROM signins WHERE device_id = ? AND user_upn = ? AND +error_code = 0 AND pk <> ? LIMIT 1');
    const skipKnown = bool(p, 'ignoreKnownDevices');
    const hits = pairs.filter(
      (x) =>
        !excluded.includes(x.app.toLowerCase()) &&
        ipBlock(x.fip) !== ipBlock(x.sip) &&
        !trusted.ip(x.fip) &&
        !(skipKnown && x.fdevice && ownDevice.get(x.fdevice, x.user, x.fpk)),
    );

    const findings: FindingDraft[] = [];
    for (const [group, pairsOf] of groupBy(hits, (x) => `${x.user}|${x.app}|${x.fip}`)) {
      // One finding per burst of failures from that network (gaps under an hour).
      const bursts: Pair[][] = [];
      for (const x of pairsOf) {
        const last = bursts.at(-1);
        if (last && x.ft - last.at(-1)!.ft <= HOUR) last.push(x);
        else bursts.push([x]);
      }
      for (const b of bursts) {
        const first = b[0]!;
        const successIps = uniq(b.map((x) => x.sip));
        const failPks = uniq(b.map((x) => x.fpk));
        const pks = uniq([...b.map((x) => x.spk), ...failPks]);
        const times = b.flatMap((x) => [x.st, x.ft]);
        findings.push({
          key: `${group}|${first.ft}`,
          title: `${first.user}: success, then failure from ${first.fip}`,
          explanation:
            `${first.user} signed in successfully to ${first.app} from ${successIps.join(', ')} and, within ${num(p, 'windowMinutes')} minutes, ` +
            `${plural(failPks.length, 'sign-in')} to the same app failed (codes ${uniq(b.map((x) => x.fcode)).join(', ')}) from ${first.fip}, another network ` +
            `(first failure ${iso(first.ft)}): someone else may be trying the account.`,
          users: [first.user],
          ips: uniq([...successIps, first.fip]),
          startMs: Math.min(...times),
          endMs: Math.max(...times),
          signInPks: pks,
          facts: { app: first.app, successIps, failureIp: first.fip, failures: failPks.length },
        });
      }
    }
    return { findings, notEvaluable: countMissing(db, 'error_code', APPLIES) };
  },
};
