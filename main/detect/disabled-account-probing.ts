// disabled-account-probing: an IP that tries disabled accounts and signs in to live ones (Sentinel
// SigninAttemptsByIPviaDisabledAccounts.yaml v2.1.4), and one disabled account tried from one IP across
// many apps (DisabledAccountSigninsAcrossManyApplications.yaml).
import { countMissing, groupBy, iso, listText, marks, num, plural, uniq, USER } from './common';
import type { Detection, FindingDraft } from './types';

type Row = { pk: number; t: number; user: string; ip: string; app: string | null };

const APPLIES = ['interactiveUser', 'nonInteractiveUser'] as const;

export const disabledAccountProbing: Detection = {
  id: 'disabled-account-probing',
  title: 'Disabled accounts probed from an IP that signs in elsewhere',
  version: 1,
  severity: 'medium',
  attack: ['T1078'],
  appliesTo: [...APPLIES],
  params: {
    maxSuccessAccounts: { default: 50, min: 1, max: 100000, help: 'an IP with this many successful accounts or more is shared egress and left out' },
    minRatio: { default: 0.5, min: 0, max: 1000, help: 'disabled accounts / successful accounts must reach this ratio' },
    minApps: { default: 3, min: 2, max: 1000, help: 'variant: one disabled account tried from one IP across this many distinct apps' },
  },
  kql: `// Disabled accounts probed from an IP that also signs in to live accounts (after Sentinel
// SigninAttemptsByIPviaDisabledAccounts.yaml).
let signins = union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs | where TimeGenerated > ago(1d);
let disabled = signins | where ResultType == "50057"
  | summarize DisabledAccounts = dcount(UserPrincipalName), Disabled = make_set(UserPrincipalName, 100) by IPAddress;
signins
| where ResultType == "0"
| join kind=inner disabled on IPAddress
| where not(set_has_element(Disabled, UserPrincipalName))
| summarize SuccessAccounts = dcount(UserPrincipalName), Successful = make_set(UserPrincipalName, 100) by IPAddress, DisabledAccounts
| where SuccessAccounts < 50 and todouble(DisabledAccounts) / SuccessAccounts >= 0.5`,

  run(ctx, p) {
    const { db, trusted } = ctx;
    const probes = db
      .prepare(
        `SELECT pk, created_ms AS t, ${USER} AS user, ip, app_name AS app FROM signins
         WHERE error_code = 50057 AND +type IN (${marks(APPLIES.length)}) AND ip IS NOT NULL AND ${USER} IS NOT NULL ORDER BY created_ms`,
      )
      .all(...APPLIES) as Row[];
    const successesFrom = db.prepare(
      `SELECT pk, created_ms AS t, ${USER} AS user, ip, app_name AS app FROM signins WHERE ip = ? AND +error_code = 0 AND +type IN (${marks(APPLIES.length)}) AND ${USER} IS NOT NULL`,
    );
    const findings: FindingDraft[] = [];
    const covered = new Set<string>();
    for (const [ip, tries] of groupBy(probes, (r) => r.ip)) {
      const disabled = uniq(tries.map((r) => r.user));
      const disabledSet = new Set(disabled);
      const ok = (successesFrom.all(ip, ...APPLIES) as Row[]).filter((r) => !disabledSet.has(r.user));
      const live = uniq(ok.map((r) => r.user));
      if (live.length === 0 || live.length >= num(p, 'maxSuccessAccounts')) continue;
      const ratio = disabled.length / live.length;
      if (ratio < num(p, 'minRatio')) continue;
      const evidence = [...tries, ...ok].sort((a, b) => a.t - b.t);
      for (const u of disabled) covered.add(`${u}|${ip}`);
      const isTrusted = trusted.ip(ip);
      findings.push({
        key: ip,
        severity: isTrusted ? 'low' : 'medium',
        title: `${ip} tried ${plural(disabled.length, 'disabled account')} and signed in to live ones`,
        explanation:
          `${ip} tried ${plural(disabled.length, 'disabled account')} (${listText(disabled)}; 50057) between ${iso(tries[0]!.t)} and ${iso(tries.at(-1)!.t)} ` +
          `and signed in successfully to ${plural(live.length, 'other account')} (${listText(live)}): a credential list being worked through ` +
          `(ratio ${ratio.toFixed(2)}).` +
          (isTrusted ? ' The address is in a trusted range (a leaver\'s device behind the office egress?), so the severity is lowered.' : ''),
        users: uniq([...disabled, ...live]),
        ips: [ip],
        startMs: evidence[0]!.t,
        endMs: evidence.at(-1)!.t,
        signInPks: evidence.map((r) => r.pk),
        facts: { disabledAccounts: disabled, liveAccounts: live, ratio },
      });
    }
    // Variant: one disabled account tried from one IP across many applications.
    for (const [key, tries] of groupBy(probes, (r) => `${r.user}|${r.ip}`)) {
      if (covered.has(key)) continue;
      const apps = uniq(tries.map((r) => r.app).filter((x): x is string => !!x));
      if (apps.length < num(p, 'minApps')) continue;
      const first = tries[0]!;
      findings.push({
        key: `apps|${key}`,
        title: `Disabled account ${first.user} tried across ${apps.length} apps`,
        explanation: `The disabled account ${first.user} was tried from ${first.ip} against ${plural(apps.length, 'application')} (${listText(apps)}) between ${iso(first.t)} and ${iso(tries.at(-1)!.t)} (50057).`,
        users: [first.user],
        ips: [first.ip],
        startMs: first.t,
        endMs: tries.at(-1)!.t,
        signInPks: tries.map((r) => r.pk),
        facts: { apps },
      });
    }
    return { findings, notEvaluable: countMissing(db, 'error_code', APPLIES) };
  },
};
