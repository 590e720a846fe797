// `npm run bench [-- --json] [-- --only ID]`: runs every benchmark and prints its figures.
import { parseArgs } from 'node:util';
import os from 'node:os';
import type { Benchmark, Figure } from './harness';
import { caseBench } from './case';
import { collectBench } from './collect';
import { detectBench } from './detect';
import { entitiesBench } from './entities';
import { generatePortalCsv } from './generate';
import { importLaCsv } from './import-la-csv';
import { importPortalCsv } from './import-portal-csv';
import { queryBench } from './query';
import { gridBrowser } from './grid-browser';
import { mapBrowser } from './map-browser';
import { timelineBrowser } from './timeline-browser';
import { geoBench } from './geo';
import { reportBench, timelineBench } from './report';

const benchmarks: Benchmark[] = [importPortalCsv, queryBench, gridBrowser, importLaCsv, generatePortalCsv, collectBench, entitiesBench, reportBench, timelineBench, geoBench, mapBrowser, timelineBrowser, caseBench, detectBench];

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, only: { type: 'string' } } });
const selected = benchmarks.filter((b) => !values.only || b.id === values.only);
const results: Record<string, { title: string; figures: Figure[] }> = {};

for (const b of selected) {
  if (!values.json) process.stdout.write(`\n${b.title}\n`);
  else process.stderr.write(`running ${b.id}…\n`);
  const figures = await b.run();
  results[b.id] = { title: b.title, figures };
  if (!values.json) {
    for (const f of figures) process.stdout.write(`  ${f.name.padEnd(44)} ${String(f.value).padStart(10)} ${f.unit}${f.goal ? `   (goal ${f.goal} ${f.unit})` : ''}\n`);
  }
}

const machine = { node: process.version, cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30) };
if (values.json) process.stdout.write(JSON.stringify({ at: new Date().toISOString(), machine, results }) + '\n');
else process.stdout.write(`\nNode ${machine.node}, ${machine.cpus} cores, ${machine.memoryGb} GiB\n`);
