// Entry point of the command line; the commands live in main/cli/.
import { main } from './cli/main';
import { note } from './cli/io';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    note(`sightline: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
  },
);
