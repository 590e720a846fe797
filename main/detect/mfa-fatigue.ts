// mfa-fatigue: a burst of denied or ignored MFA pushes, worst when it ends in an approval (Sentinel
// MFASpammingfollowedbySuccessfullogin.yaml v1.0.4; without an approval, the MFASpamming.yaml hunt).
// Reads the authentication steps where the export has them, else the MFA result / additional details
// summary (the admin center CSV), and says which it used.
import { countMissing, groupBy, iso, marks, MINUTE, num, plural, readRecords, stepResults, USER } from './common';
import type { Detection, FindingDraft } from './types';

type Row = { pk: number; t: number; user: string; ip: string | null; place: string; details: string | null; reason: string | null; code: number | null };

const APPLIES = ['interactiveUser'] as const;
export const DENIALS = ['MFA denied; user declined the authentication', 'MFA denied; user did not respond to mobile app notification'];
const APPROVAL = /MFA successfully completed|MFA completed in Azure AD/i;
const isDenial = (text: string | null) => !!text && DENIALS.some((d) => text.toLowerCase().includes(d.toLowerCase()));

export const mfaFatigue: Detection = {
  id: 'mfa-fatigue',
  title: 'MFA fatigue (push spam)',
  version: 1,
  severity: 'high',
  attack: ['T1621'],
  appliesTo: [...APPLIES],
  params: {
    minDenials: { default: 10, min: 1, max: 10000, help: 'denied or ignored MFA prompts must be MORE than this' },
    windowMinutes: { default: 5, min: 1, max: 1440, help: 'the denials (and the approval) fall within this span (minutes)' },
  },
  kql: `// MFA fatigue (after Sentinel MFASpammingfollowedbySuccessfullogin.yaml): > 10 denied pushes and an approval
// within 5 minutes for one user, IP and place (High); without an approval, the MFASpamming hunt (Medium).
SigninLogs
| where TimeGenerated > ago(1d)
| where AuthenticationRequirement == "multiFactorAuthentication"
| extend Steps = todynamic(AuthenticationDetails), LocationDetails = todynamic(LocationDetails)
| mv-expand Step = Steps
| extend Result = tostring(Step.authenticationStepResultDetail)
| summarize Denials = countif(Result in ("MFA denied; user declined the authentication", "MFA denied; user did not respond to mobile app notification")),
            Approvals = countif(Result == "MFA successfully completed"), First = min(TimeGenerated), Last = max(TimeGenerated)
    by UserPrincipalName, IPAddress, State = tostring(LocationDetails.state), City = tostring(LocationDetails.city), Country = tostring(LocationDetails.countryOrRegion)
| where Denials > 10 and Last - First <= 5m
| extend Severity = iff(Approvals >= 1, "High", "Medium")`,

  async run(ctx, p) {
    const { db } = ctx;
    const minDenials = num(p, 'minDenials');
    const windowMs = num(p, 'windowMinutes') * MINUTE;
    const cols = `pk, created_ms AS t, ${USER} AS user, ip, coalesce(country, '') || '|' || coalesce(state, '') || '|' || coalesce(city, '') AS place,
                  mfa_result AS details, failure_reason AS reason, error_code AS code`;
    // A denied push is 500121 ("Authentication failed during strong authentication request").
    const candidates = db
      .prepare(`SELECT ${cols} FROM signins WHERE error_code = 500121 AND +type IN (${marks(APPLIES.length)}) AND ${USER} IS NOT NULL ORDER BY created_ms`)
      .all(...APPLIES) as Row[];
    // The summary text decides where it can; the steps are read only for rows whose summary says nothing.
    const silent = candidates.filter((r) => !isDenial(r.details) && !isDenial(r.reason));
    const records = await readRecords(db, silent.map((r) => r.pk));
    let fromSteps = 0;
    let notEvaluable = 0;
    const denials = candidates.filter((r) => {
      if (isDenial(r.details) || isDenial(r.reason)) return true;
      const steps = stepResults(records.get(r.pk));
      if (steps.length === 0 && !r.details) notEvaluable++;
      const denied = steps.some((s) => isDenial(s));
      if (denied) fromSteps++;
      return denied;
    });

    const approvalsOf = db.prepare(
      `SELECT ${cols} FROM signins WHERE user_upn = ? AND created_ms BETWEEN ? AND ? AND +error_code = 0 AND +ip IS ? AND +type IN (${marks(APPLIES.length)})`,
    );
    const findings: FindingDraft[] = [];
    for (const [group, rows] of groupBy(denials, (r) => `${r.user}|${r.ip}|${r.place}`)) {
      for (let i = 0; i < rows.length; ) {
        let j = i;
        while (j + 1 < rows.length && rows[j + 1]!.t - rows[i]!.t <= windowMs) j++;
        const burst = rows.slice(i, j + 1);
        if (burst.length <= minDenials) {
          i++;
          continue;
        }
        i = j + 1;
        const first = burst[0]!;
        // The approval must fall in the same span as the denials (the rule's last - first <= 5 min).
        const candidatesOk = approvalsOf.all(first.user, first.t, first.t + windowMs, first.ip, ...APPLIES) as Row[];
        const okRecords = await readRecords(db, candidatesOk.filter((r) => !APPROVAL.test(r.details ?? '')).map((r) => r.pk));
        const approvals = candidatesOk.filter((r) => r.place === first.place && (APPROVAL.test(r.details ?? '') || stepResults(okRecords.get(r.pk)).some((s) => APPROVAL.test(s))));
        const evidence = [...burst, ...approvals].sort((a, b) => a.t - b.t);
        const approved = approvals.length > 0;
        const [city, state, country] = [first.place.split('|')[2], first.place.split('|')[1], first.place.split('|')[0]].map((x) => x || null);
        const where = [city, state, country].filter(Boolean).join(', ');
        findings.push({
          key: `${group}|${first.t}`,
          severity: approved ? 'high' : 'medium',
          title: approved ? `MFA fatigue: ${first.user} approved after ${burst.length} denied prompts` : `MFA push spam against ${first.user}`,
          explanation:
            `${first.user} denied or ignored ${plural(burst.length, 'MFA prompt')} from ${first.ip ?? 'an unknown address'}${where ? ` (${where})` : ''} between ${iso(first.t)} and ${iso(burst.at(-1)!.t)}` +
            (approved ? `, then approved one at ${iso(approvals[0]!.t)}: the attacker holds the password and wore the user down.` : `; no approval followed within ${num(p, 'windowMinutes')} minutes.`) +
            ` (Read from ${fromSteps > 0 ? 'the authentication steps' : 'the MFA result text'}.)`,
          users: [first.user],
          ips: first.ip ? [first.ip] : [],
          startMs: evidence[0]!.t,
          endMs: evidence.at(-1)!.t,
          signInPks: evidence.map((r) => r.pk),
          facts: { denials: burst.length, approvals: approvals.length, source: fromSteps > 0 ? 'authenticationDetails' : 'status.additionalDetails' },
        });
      }
    }
    return { findings, notEvaluable: notEvaluable + countMissing(db, 'error_code', APPLIES) };
  },
};
