// `npm start`: runs the desktop app when Electron can start here; otherwise says why in one sentence
// and points at web mode. Arguments pass through (`npm start -- path/to/case.sightline`).
import { spawn } from 'node:child_process';
import { cannotStartMessage, decideLaunch, gatherLaunchFacts, mainBundle } from './launch';

const decision = decideLaunch(gatherLaunchFacts());
if (!decision.launch) {
  process.stderr.write(`${cannotStartMessage(decision.reason)}\n`);
  process.exit(1);
}

const env = { ...process.env };
// Would make Electron behave as plain Node and ignore the app.
delete env.ELECTRON_RUN_AS_NODE;
// Relative case paths mean the directory npm was run from, not the package root.
const child = spawn(decision.executable, [mainBundle, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on('error', (err) => {
  process.stderr.write(`${cannotStartMessage(`launching ${decision.executable} failed: ${err.message}`)}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
