// sightline serve <case> [--port N] [--json]
import { parseArgs } from 'node:util';
import { startServer } from '../server/server';
import { note, printJson, UsageError, userPath } from './io';

export const serveUsage = 'sightline serve <case> [--port N] [--json]';

export async function runServe(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [casePath] = positionals;
  if (!casePath || positionals.length > 1) throw new UsageError(`usage: ${serveUsage}`);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${values.port}"`);
  const server = await startServer({ casePath: userPath(casePath), port });
  const info = { url: server.url, token: server.token, open: `${server.url}/#token=${server.token}` };
  if (values.json) printJson(info);
  else process.stdout.write(`Sightline is serving ${server.casePath}\nOpen ${info.open}\n`);
  note('Press Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
