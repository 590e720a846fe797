// suspicious-client: sign-ins by hacking or automation tooling, or by risky third-party mail and backup
// apps, matched on the user agent (substring, any case) and the application id against editable lists.
// The seed lists are re-created from the entries the reference names (LF's blacklists are GPL: not copied).
import { bool, bursts, groupBy, HOUR, iso, list, listText, marks, num, plural, uniq, userAddressBook } from './common';
import { FOCI_TOOLING } from './prt-token-replay';
import type { Detection, FindingDraft, Severity } from './types';

type Row = { pk: number; t: number; actor: string; user: string | null; ip: string | null; ua: string | null; appId: string | null; app: string | null; code: number | null };

const APPLIES = ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity'] as const;
const ACTOR = `COALESCE(user_upn, lower(user_id), app_name, app_id)`;
const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2 };

export const suspiciousClient: Detection = {
  id: 'suspicious-client',
  title: 'Hacking, automation or risky third-party client',
  version: 1,
  severity: 'medium',
  attack: ['T1078.004', 'T1550.001'],
  appliesTo: [...APPLIES],
  params: {
    userAgentsHigh: {
      default: ['AADInternals', 'azurehound', 'roadtools', 'roadrecon', 'roadtx', 'GraphRunner', 'TokenTactics', 'TeamFiltration', 'MSOLSpray', 'o365spray', 'TrevorSpray', 'MailSniper', 'fasthttp'],
      help: 'user-agent fragments of offensive tooling (high)',
    },
    userAgentsMedium: {
      default: ['python-requests', 'python-urllib', 'aiohttp', 'axios/', 'Go-http-client/', 'node-fetch/', 'okhttp/', 'curl/', 'Wget/', 'PowerShell/', 'libwww-perl', 'BAV2ROPC'],
      help: 'user-agent fragments of scripting and automation libraries (medium)',
    },
    appIdsHigh: { default: ['4761b959-9780-4c2d-87a3-512b4638f767', 'ff8d92dc-3d82-41d6-bcbd-b9174d163620'], help: 'application ids of data-exfiltration apps (rclone, PERFECTDATA SOFTWARE) (high)' },
    appIdsMedium: { default: ['e9a7fea1-1cc0-4cd9-a31b-9137ca5deedd'], help: 'application ids of risky third-party mail clients (eM Client) (medium)' },
    toolingAppIds: { default: FOCI_TOOLING, help: 'first-party developer tooling (Azure CLI, PowerShell, VS Code, Graph CLI …) (low)' },
    burstGapHours: { default: 24, min: 1, max: 720, help: 'uses of one client further apart than this (hours) are separate findings' },
    toolingOnlyFromNewIps: {
      default: true,
      help: 'raise tooling only from addresses the user never used for anything else (administrators and developers use these tools every day)',
    },
  },
  kql: `// Hacking and automation clients by user agent, risky apps by app id (Sightline's editable lists; extend them here).
let highAgents = dynamic(["aadinternals", "azurehound", "roadtools", "roadrecon", "roadtx", "graphrunner", "tokentactics", "teamfiltration", "msolspray", "o365spray", "trevorspray", "mailsniper", "fasthttp"]);
let mediumAgents = dynamic(["python-requests", "python-urllib", "aiohttp", "axios/", "go-http-client/", "node-fetch/", "okhttp/", "curl/", "wget/", "powershell/", "libwww-perl", "bav2ropc"]);
let highApps = dynamic(["4761b959-9780-4c2d-87a3-512b4638f767", "ff8d92dc-3d82-41d6-bcbd-b9174d163620"]);
let mediumApps = dynamic(["e9a7fea1-1cc0-4cd9-a31b-9137ca5deedd"]);
union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs, AADServicePrincipalSignInLogs
| where TimeGenerated > ago(7d)
| extend UA = tolower(UserAgent)
| extend Severity = case(UA has_any (highAgents) or AppId in (highApps), "High", UA has_any (mediumAgents) or AppId in (mediumApps), "Medium", "")
| where isnotempty(Severity)
| summarize SignIns = count(), IPs = make_set(IPAddress, 50), First = min(TimeGenerated), Last = max(TimeGenerated), Agents = make_set(UserAgent, 10)
    by Actor = coalesce(UserPrincipalName, ServicePrincipalName), AppDisplayName, Severity`,

  run(ctx, p) {
    const { db, trusted } = ctx;
    type Entry = { pattern: string; severity: Severity; kind: 'agent' | 'app' | 'tooling' };
    const entries: Entry[] = [
      ...list(p, 'userAgentsHigh').map((pattern) => ({ pattern: pattern.toLowerCase(), severity: 'high' as const, kind: 'agent' as const })),
      ...list(p, 'userAgentsMedium').map((pattern) => ({ pattern: pattern.toLowerCase(), severity: 'medium' as const, kind: 'agent' as const })),
      ...list(p, 'appIdsHigh').map((pattern) => ({ pattern: pattern.toLowerCase(), severity: 'high' as const, kind: 'app' as const })),
      ...list(p, 'appIdsMedium').map((pattern) => ({ pattern: pattern.toLowerCase(), severity: 'medium' as const, kind: 'app' as const })),
      ...list(p, 'toolingAppIds').map((pattern) => ({ pattern: pattern.toLowerCase(), severity: 'low' as const, kind: 'tooling' as const })),
    ];
    const agentEntries = entries.filter((e) => e.kind === 'agent');
    // The distinct user agents are few (the user_agent index lists them); match those, then fetch their rows.
    const agents = (db.prepare('SELECT DISTINCT user_agent AS ua FROM signins WHERE user_agent IS NOT NULL').all() as { ua: string }[]).map((r) => r.ua);
    const agentMatch = new Map<string, Entry>();
    for (const ua of agents) {
      const lower = ua.toLowerCase();
      const hits = agentEntries.filter((e) => lower.includes(e.pattern));
      if (hits.length) agentMatch.set(ua, hits.sort((a, b) => RANK[b.severity] - RANK[a.severity])[0]!);
    }
    const cols = `pk, created_ms AS t, ${ACTOR} AS actor, user_upn AS user, ip, user_agent AS ua, app_id AS appId, app_name AS app, error_code AS code`;
    const rows: (Row & { entry: Entry })[] = [];
    const matched = [...agentMatch.keys()];
    for (let i = 0; i < matched.length; i += 500) {
      const chunk = matched.slice(i, i + 500);
      for (const r of db.prepare(`SELECT ${cols} FROM signins WHERE user_agent IN (${marks(chunk.length)}) AND +type IN (${marks(APPLIES.length)})`).all(...chunk, ...APPLIES) as Row[]) {
        rows.push({ ...r, entry: agentMatch.get(r.ua!)! });
      }
    }
    const appEntries = new Map(entries.filter((e) => e.kind !== 'agent').map((e) => [e.pattern, e]));
    if (appEntries.size) {
      const ids = [...appEntries.keys()];
      const byAgent = new Set(rows.map((r) => r.pk));
      for (const r of db.prepare(`SELECT ${cols} FROM signins WHERE app_id IN (${marks(ids.length)}) AND +type IN (${marks(APPLIES.length)})`).all(...ids, ...APPLIES) as Row[]) {
        if (!byAgent.has(r.pk)) rows.push({ ...r, entry: appEntries.get(r.appId!.toLowerCase())! });
      }
    }

    // First-party tooling counts only from an address the user used for nothing else.
    const tooling = [...appEntries.values()].filter((e) => e.kind === 'tooling').map((e) => e.pattern);
    const known = userAddressBook(db, tooling);
    const onlyNew = bool(p, 'toolingOnlyFromNewIps');
    const kept = rows.filter((r) => {
      if (r.entry.kind !== 'tooling' || !onlyNew) return true;
      if (!r.ip || !r.user || trusted.ip(r.ip)) return false;
      return !known(r.user, r.ip, r.t);
    });

    const findings: FindingDraft[] = [];
    // One finding per list entry and exact client (user agent; for developer tooling, per user), per burst
    // of use (gaps under a day): a spray tool rotating through forty proxies is one finding naming them.
    const clientOf = (r: Row & { entry: Entry }) => (r.entry.kind === 'agent' ? (r.ua ?? '') : r.entry.kind === 'tooling' ? r.actor : '');
    const groups = [...groupBy(kept.sort((a, b) => a.t - b.t), (r) => `${r.entry.kind}|${r.entry.pattern}|${clientOf(r)}`)].flatMap(([group, list]) =>
      bursts(list, num(p, 'burstGapHours') * HOUR).map((b) => [`${group}|${b[0]!.t}`, b] as const),
    );
    for (const [key, g] of groups) {
      const first = g[0]!;
      const e = first.entry;
      const ips = uniq(g.map((r) => r.ip).filter((x): x is string => !!x));
      const apps = uniq(g.map((r) => r.app ?? r.appId ?? 'unknown app'));
      const ok = g.filter((r) => r.code === 0).length;
      const what =
        e.kind === 'agent'
          ? `a user agent containing "${e.pattern}" (${listText(uniq(g.map((r) => r.ua!)), 2)})`
          : e.kind === 'app'
            ? `the application ${apps.join(', ')} (${e.pattern})`
            : `the developer tool ${apps.join(', ')} from an address the user used for nothing else`;
      const actors = uniq(g.map((r) => r.actor));
      const who = actors.length === 1 ? actors[0]! : `${plural(actors.length, 'account')} (${listText(actors)})`;
      findings.push({
        key,
        severity: e.severity,
        title: `${e.kind === 'agent' ? `User agent "${e.pattern}"` : apps.join(', ')} ${actors.length === 1 ? `for ${actors[0]}` : `for ${plural(actors.length, 'account')}`} from ${ips.length === 1 ? ips[0] : plural(ips.length, 'address', 'addresses')}`,
        explanation:
          `${who} signed in with ${what} ${plural(g.length, 'time')} (${ok} successful) from ${listText(ips)} between ${iso(first.t)} and ${iso(g.at(-1)!.t)}` +
          (e.kind === 'agent' ? `, to ${listText(apps)}.` : '.') +
          (e.severity === 'high' ? ' The client is offensive or exfiltration tooling.' : ' Administrators and developers use such clients too: check it was them.'),
        users: uniq(g.map((r) => r.user ?? r.actor)),
        ips,
        startMs: first.t,
        endMs: g.at(-1)!.t,
        signInPks: g.map((r) => r.pk),
        facts: { match: e.pattern, kind: e.kind, listSeverity: e.severity, apps },
      });
    }
    const noAgent = (db.prepare('SELECT count(*) AS n FROM signins WHERE user_agent IS NULL AND app_id IS NULL').get() as { n: number }).n;
    return { findings, notEvaluable: noAgent };
  },
};
