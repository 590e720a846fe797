// The command line. stdout carries only each command's result; messages go to stderr.
import {
  annotationsUsage, auditUsage, bookmarkUsage, caseUsage, evidenceUsage, noteUsage, runAnnotations, runAudit, runBookmark, runCase, runEvidence, runNote, runTag, tagUsage,
} from './case';
import { collectUsage, runCollect } from './collect';
import { entityUsage, runEntityCommand, runScopeCommand, scopeUsage } from './entity';
import { detectUsage, kqlUsage, runDetect, runKql } from './detect';
import { runGenerate, generateUsage } from './generate';
import { geoUsage, runGeo, runTravel, travelUsage } from './geo';
import { runImport, importUsage } from './import';
import { UsageError, note } from './io';
import { exportUsage, queryUsage, runExportCommand, runQuery, runSummary, summaryUsage } from './query';
import { filterHelp } from './filters';
import { reportUsage, runReport } from './report';
import { runServe, serveUsage } from './serve';
import { version } from '../version';

const help = `Sightline ${version}: investigate Microsoft Entra ID sign-in logs.

Usage: npm run --silent sightline -- <command> [options]

Commands:
  ${importUsage}
      Import sign-in exports into a case file (created if it does not exist).
  ${serveUsage}
      Serve the app and its API on 127.0.0.1 for a browser.
  ${queryUsage}
      Sign-ins matching the filters, newest first (default limit 100); --json prints {"total","rows"}.
  ${summaryUsage}
      Counts by status and type, top failure reasons, apps, users, IPs, countries, and sign-ins over time.
  ${exportUsage}
      Every matching sign-in: CSV with the admin center's columns, JSON in Graph's shape, or XLSX.
  ${collectUsage}
      Collect sign-ins (and optionally audit and risk records) live from Microsoft Graph into a case; resumes an
      interrupted collection. Sign in with your app registration (browser, or --device-code) or an access token.
  ${scopeUsage}
      Every account that touched any indicator (IP or CIDR, ASN, user agent, device ID, session ID), with successes,
      failures, first and last time and what matched; most successes first. --json prints {"accounts":[...]}.
  ${entityUsage}
      The profile of a user, IP, ASN, application, device or user agent: counts, related entities, baseline marks
      (new or rare for a user), findings, tags and notes, activity over time.
  ${travelUsage}
      Travel legs between each user's consecutive located sign-ins from different IPs, with distance, time and
      speed (default: successful interactive sign-ins; only the impossible legs unless --all). --json prints
      {"legs":[{"user","from","to","km","minutes","kmh","impossible","reason"}]}. Places unplaced sign-ins first.
  ${geoUsage}
      Look IP addresses up offline: class (public/private/reserved), AS and organisation, hosting/VPN/anonymiser
      network, and place (bundled DB-IP Lite City, or --mmdb your own MaxMind GeoIP2/GeoLite2 City database).
  ${caseUsage}
      The case details (name, number, analyst, client/tenant, time zone, description); flags change them. The
      analyst named here is the one the audit trail records.
  ${evidenceUsage}
      The evidence with SHA-256 and provenance; --verify hashes each again (exit 1 if any differs or is missing);
      --coverage the span and gaps of each evidence per sign-in type; --remove takes an evidence out of the case
      (its sign-ins go unless another evidence holds them too; without --yes it only says what would happen).
  ${tagUsage}
      Tag sign-ins (by id, or every sign-in the filters match), users, IPs or findings; presets: suspicious,
      compromised, benign, attacker-infrastructure. --remove takes the tag off (the history is kept).
  ${noteUsage}
      Add a note.
  ${bookmarkUsage}
      Bookmark sign-ins (or --remove the bookmark).
  ${annotationsUsage}
      Tags, notes and bookmarks; --all includes removed ones with who removed them and when.
  ${auditUsage}
      The audit trail: every analyst action with UTC time and analyst, newest first.
  ${detectUsage}
      Run the detections (password spray, MFA fatigue, token replay …; --only picks some) and store the findings in the
      case. --json prints {"findings":[{"id","detection","severity","attack","title","explanation","users","ips","start",
      "end","signInIds"}],"notEvaluable":[{"detection","signIns"}]}.
  ${kqlUsage}
      The detection's logic in KQL over SigninLogs / AADNonInteractiveUserSignInLogs, for Sentinel (not run by Sightline).
  ${reportUsage}
      The case report: cover, executive summary, findings, travel map, timeline, tagged sign-ins and notes, evidence
      with each SHA-256 re-verified now, methodology, audit trail. Self-contained HTML, or PDF printed by Chromium
      (SIGHTLINE_CHROMIUM, default /usr/bin/chromium). Runs the detections first if they never ran on the case.
      Ctrl+C cancels it: exit 130, no file written, nothing recorded.
  ${generateUsage}
      Write a synthetic, deterministic sign-in export (planted incidents listed in truth.json). Defaults: 50 users,
      14 days ending 2026-10-07T00:00:00Z, 5000 rows, seed 1, portal-csv, no attacks.

Filters (query, summary, export; a comma list where a filter takes several values):
${filterHelp}

Options:
  --help      this text
  --version   the version

Relative paths are resolved against the directory you ran npm from. Times are ISO 8601 UTC.
`;

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  import: runImport,
  collect: runCollect,
  serve: runServe,
  generate: runGenerate,
  query: runQuery,
  summary: runSummary,
  export: runExportCommand,
  case: runCase,
  evidence: runEvidence,
  tag: runTag,
  note: runNote,
  bookmark: runBookmark,
  annotations: runAnnotations,
  audit: runAudit,
  travel: runTravel,
  geo: runGeo,
  scope: runScopeCommand,
  entity: runEntityCommand,
  report: runReport,
  detect: runDetect,
  kql: runKql,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    process.stdout.write(version + '\n');
    return 0;
  }
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(help);
    return command ? 0 : 2;
  }
  const run = commands[command];
  if (!run) {
    note(`sightline: unknown command "${command}". Run sightline --help for the list.`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      note(`sightline ${command}: ${(err as Error).message}`);
      return 2;
    }
    note(`sightline ${command}: ${(err as Error).message}`);
    return 1;
  }
}
