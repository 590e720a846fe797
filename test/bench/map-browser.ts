// The map in Debian's Chromium through web mode (issue 5's goal: 10,000 locations and 5,000 legs
// drawn in <= 1 s, canvas rendering). The case is real: Graph sign-ins with their own coordinates,
// 10,000 distinct places, one traveller with 5,001 interactive sign-ins (so 5,000 legs), imported and
// enriched like any case. Built once, kept in the temp folder (delete it to rebuild).
// The map records `performance.measure` entries from the moment data arrives to the animation frame
// after Leaflet's canvas has drawn it; the figures are those, plus end-to-end times that include the
// server's queries and the transfer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright';
import { DEFAULT_END, generate } from '../../main/generate/generate';
import { startImport } from '../../main/ingest/run-import';
import type { Benchmark } from './harness';
import { serve } from './serve';

const LOCATIONS = 10_000;
const LEGS = 5_000;
const TRAVELLER = 'bench.traveller@contoso.example';

/** Deterministic pseudo-random numbers (mulberry32), so the case is the same on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A distinct public IPv4 address per index, in 20.0.0.0/8 (routable, never private or reserved). */
const ipOf = (i: number) => `20.${Math.floor(i / (254 * 254)) % 254}.${Math.floor(i / 254) % 254}.${(i % 254) + 1}`;

export async function mapBenchCase(): Promise<string> {
  const dir = path.join(os.tmpdir(), `sightline-bench-map-${LOCATIONS}-${LEGS}`);
  const casePath = path.join(dir, 'map.sightline');
  const done = path.join(dir, 'complete');
  if (fs.existsSync(done)) return casePath;
  fs.rmSync(dir, { recursive: true, force: true });
  // A generated Graph record is the template, so every field an export has is there.
  const gen = path.join(dir, 'template');
  generate({ out: gen, users: 5, days: 1, rows: 50, seed: 1, format: 'graph-json', attacks: [], end: DEFAULT_END });
  const file = fs.readdirSync(gen).find((f) => f.startsWith('GraphSignIns_interactiveUser'))!;
  const template = (JSON.parse(fs.readFileSync(path.join(gen, file), 'utf8')) as { value: Record<string, unknown>[] }).value[0]!;
  fs.rmSync(gen, { recursive: true, force: true });

  const random = rng(5);
  const seen = new Set<string>();
  const place = () => {
    for (;;) {
      const lat = Math.round((-55 + random() * 125) * 1e4) / 1e4;
      const lon = Math.round((-180 + random() * 360) * 1e4) / 1e4;
      const key = `${lat}|${lon}`;
      if (!seen.has(key)) {
        seen.add(key);
        return { lat, lon };
      }
    }
  };
  const start = Date.parse('2026-09-01T00:00:00.000Z');
  const records: Record<string, unknown>[] = [];
  for (let i = 0; i < LOCATIONS; i++) {
    const traveller = i <= LEGS;
    const upn = traveller ? TRAVELLER : `user${i % 400}@contoso.example`;
    const { lat, lon } = place();
    const id = `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    records.push({
      ...template,
      id,
      originalRequestId: id,
      correlationId: `c0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      createdDateTime: new Date(start + i * 30 * 60_000).toISOString(),
      userPrincipalName: upn,
      userDisplayName: upn.split('@')[0],
      userId: `d0000000-0000-4000-8000-${String(traveller ? 0 : (i % 400) + 1).padStart(12, '0')}`,
      signInIdentifier: upn,
      ipAddress: ipOf(i),
      autonomousSystemNumber: null,
      isInteractive: true,
      signInEventTypes: ['interactiveUser'],
      status: i % 7 === 3 ? { errorCode: 50126, failureReason: 'Invalid username or password.', additionalDetails: null } : { errorCode: 0, failureReason: 'Other.', additionalDetails: null },
      location: { city: null, state: null, countryOrRegion: null, geoCoordinates: { altitude: null, latitude: lat, longitude: lon } },
    });
    // The traveller's sign-ins all succeed, so every consecutive pair is a leg.
    if (traveller) records.at(-1)!['status'] = { errorCode: 0, failureReason: 'Other.', additionalDetails: null };
  }
  const input = path.join(dir, 'GraphSignIns_map_bench.json');
  fs.writeFileSync(input, JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/beta/$metadata#auditLogs/signIns', value: records }));
  const summary = await startImport(casePath, [input]).done;
  if (summary.totals.inserted !== LOCATIONS) throw new Error(`map bench case: ${JSON.stringify(summary.totals)}`);
  fs.rmSync(input);
  fs.writeFileSync(done, new Date().toISOString());
  return casePath;
}


/** Waits for the next `performance.measure` entry of this name and returns its duration in ms. */
async function nextMeasure(page: Page, name: string, before: number): Promise<number> {
  await page.waitForFunction(({ n, b }) => performance.getEntriesByName(n).length > b, { n: name, b: before }, { timeout: 60_000 });
  return page.evaluate((n) => performance.getEntriesByName(n).at(-1)!.duration, name);
}

const count = (page: Page, name: string) => page.evaluate((n) => performance.getEntriesByName(n).length, name);

/** Opens the map and returns the draw time of the locations and the time from the click to it. */
async function openMap(page: Page, open: string, clustered: boolean): Promise<{ draw: number; endToEnd: number }> {
  await page.goto(open);
  await page.evaluate((c) => localStorage.setItem('sightline.map.cluster', c ? 'on' : 'off'), clustered);
  await page.reload();
  await page.getByTestId('row-count').filter({ hasText: /10,000/ }).waitFor({ timeout: 60_000 });
  const before = await count(page, 'sightline.map.locations');
  const t0 = performance.now();
  await page.getByTestId('nav-map').click();
  const draw = await nextMeasure(page, 'sightline.map.locations', before);
  const endToEnd = performance.now() - t0;
  const status = (await page.getByTestId('map-status').textContent()) ?? '';
  if (!status.startsWith(`${LOCATIONS.toLocaleString('en-US')} locations`)) throw new Error(`map bench: expected ${LOCATIONS} locations, the map says "${status}"`);
  return { draw, endToEnd };
}

export const mapBrowser: Benchmark = {
  id: 'map-browser',
  title: `The map in Chromium (web mode): ${LOCATIONS.toLocaleString('en-US')} locations and ${LEGS.toLocaleString('en-US')} legs`,
  async run() {
    const server = await serve(await mapBenchCase());
    const browser = await chromium.launch({
      executablePath: process.env['SIGHTLINE_CHROMIUM'] ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const clustered = await openMap(page, server.open, true);
      // Every location as its own marker: the heaviest drawing of the locations.
      const all = await openMap(page, server.open, false);

      // The traveller's 5,000 legs, drawn with the 10,000 unclustered markers on top of them.
      const before = await count(page, 'sightline.map.legs');
      const t0 = performance.now();
      await page.getByTestId('travel-user').fill(TRAVELLER);
      await page.getByTestId('travel-user').press('Enter');
      const legsDraw = await nextMeasure(page, 'sightline.map.legs', before);
      await page.getByTestId('travel-legs').filter({ hasText: /[\d,]+ legs drawn/ }).waitFor({ timeout: 60_000 });
      const legsEndToEnd = performance.now() - t0;
      // Random places half an hour apart: a pair within the two locations' uncertainty is not travel and not drawn.
      const drawnText = (await page.getByTestId('travel-legs').locator('.travel-count strong').textContent()) ?? '';
      const drawn = Number(/^([\d,]+) legs drawn/.exec(drawnText)?.[1]?.replace(/,/g, '') ?? NaN);
      if (!(drawn >= LEGS * 0.99)) throw new Error(`map bench: expected about ${LEGS} legs, the map says "${drawnText}"`);

      // Panning redraws everything on the canvas: one pan with all of it on the map.
      const box = (await page.getByTestId('map').boundingBox())!;
      const t1 = performance.now();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 200, box.y + box.height / 2 + 50, { steps: 5 });
      await page.mouse.up();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const pan = performance.now() - t1;

      return [
        { name: `${LOCATIONS.toLocaleString('en-US')} locations drawn, clustered`, value: Math.round(clustered.draw), unit: 'ms', goal: '<= 1000' },
        { name: `${LOCATIONS.toLocaleString('en-US')} locations drawn, every marker`, value: Math.round(all.draw), unit: 'ms', goal: '<= 1000' },
        { name: `${drawn.toLocaleString('en-US')} legs + ${LOCATIONS.toLocaleString('en-US')} markers drawn`, value: Math.round(legsDraw), unit: 'ms', goal: '<= 1000' },
        { name: 'map opened to locations drawn (with query)', value: Math.round(all.endToEnd), unit: 'ms' },
        { name: 'user picked to legs listed (with query)', value: Math.round(legsEndToEnd), unit: 'ms' },
        { name: 'one pan with everything drawn', value: Math.round(pan), unit: 'ms' },
      ];
    } finally {
      await browser.close();
      server.stop();
    }
  },
};
