// The command line. stdout carries only each command's result; messages go to stderr.
import { collectUsage, runCollect } from './collect';
import { runGenerate, generateUsage } from './generate';
import { runImport, importUsage } from './import';
import { UsageError, note } from './io';
import { exportUsage, queryUsage, runExportCommand, runQuery, runSummary, summaryUsage } from './query';
import { filterHelp } from './filters';
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
