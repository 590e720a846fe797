// legacy-auth: successful sign-ins over legacy protocols that Conditional Access does not evaluate
// (Sentinel hunt LegacyAuthAttempt.yaml; LF LETHAL-003 counts Authenticated SMTP).
import { countMissing, groupBy, iso, list, listText, marks, plural, uniq, USER } from './common';
import type { Detection, FindingDraft } from './types';

type Row = { pk: number; t: number; user: string; ip: string | null; client: string; app: string | null; code: number | null };

const APPLIES = ['interactiveUser', 'nonInteractiveUser'] as const;

export const LEGACY_CLIENTS = [
  'Authenticated SMTP', 'AutoDiscover', 'Exchange ActiveSync', 'Exchange Online PowerShell', 'Exchange Web Services', 'IMAP4', 'MAPI Over HTTP',
  'Outlook Anywhere (RPC over HTTP)', 'Outlook Service', 'POP3', 'Reporting Web Services', 'Other clients', 'Offline Address Book',
];

export const legacyAuth: Detection = {
  id: 'legacy-auth',
  title: 'Legacy authentication',
  version: 1,
  severity: 'medium',
  attack: ['T1078.004'],
  appliesTo: [...APPLIES],
  params: {
    clients: { default: LEGACY_CLIENTS, help: 'client apps (clientAppUsed) that are legacy protocols, compared without case' },
  },
  kql: `// Legacy authentication (after the Sentinel hunt LegacyAuthAttempt.yaml): successful sign-ins over legacy
// protocols, one row per user, client and app with the addresses used.
let legacy = dynamic(["authenticated smtp", "autodiscover", "exchange activesync", "exchange online powershell", "exchange web services", "imap4",
  "mapi over http", "outlook anywhere (rpc over http)", "outlook service", "pop3", "reporting web services", "other clients", "offline address book"]);
union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs
| where TimeGenerated > ago(7d)
| where ResultType == "0" and tolower(ClientAppUsed) in (legacy)
| summarize SignIns = count(), IPs = make_set(IPAddress, 50), First = min(TimeGenerated), Last = max(TimeGenerated)
    by UserPrincipalName, ClientAppUsed, AppDisplayName`,

  run(ctx, p) {
    const { db, trusted } = ctx;
    const clients = list(p, 'clients');
    if (clients.length === 0) return { findings: [], notEvaluable: 0 };
    const rows = db
      .prepare(
        `SELECT pk, created_ms AS t, ${USER} AS user, ip, client_app AS client, app_name AS app, error_code AS code FROM signins
         WHERE client_app COLLATE NOCASE IN (${marks(clients.length)}) AND +type IN (${marks(APPLIES.length)}) AND ${USER} IS NOT NULL ORDER BY created_ms`,
      )
      .all(...clients, ...APPLIES) as Row[];
    const findings: FindingDraft[] = [];
    const byUserClient = groupBy(rows, (r) => `${r.user}|${r.client.toLowerCase()}`);
    for (const group of byUserClient.values()) {
      const ok = group.filter((r) => r.code === 0);
      for (const [key, combo] of groupBy(ok, (r) => `${r.user}|${r.client.toLowerCase()}|${(r.app ?? '').toLowerCase()}`)) {
        const first = combo[0]!;
        const ips = uniq(combo.map((r) => r.ip).filter((x): x is string => !!x));
        const allTrusted = ips.length > 0 && ips.every((ip) => trusted.ip(ip));
        // LETHAL-003 counts Authenticated SMTP successes and failures.
        const failed = group.filter((r) => r.code !== 0 && (r.app ?? '') === (first.app ?? '')).length;
        findings.push({
          key,
          severity: allTrusted ? 'low' : 'medium',
          title: `${first.client} sign-ins for ${first.user}`,
          explanation:
            `${first.user} signed in successfully over ${first.client} (a legacy protocol that cannot do MFA and that Conditional Access does not evaluate) ` +
            `${plural(combo.length, 'time')} to ${first.app ?? 'an unnamed app'} between ${iso(first.t)} and ${iso(combo.at(-1)!.t)} from ${listText(ips)}` +
            (failed ? `; ${plural(failed, 'attempt')} over it failed.` : '.') +
            (allTrusted ? ' Every address is in a trusted range.' : ''),
          users: [first.user],
          ips,
          startMs: first.t,
          endMs: combo.at(-1)!.t,
          signInPks: combo.map((r) => r.pk),
          facts: { client: first.client, app: first.app, successes: combo.length, failures: failed },
        });
      }
    }
    return { findings, notEvaluable: countMissing(db, 'client_app', APPLIES) };
  },
};
