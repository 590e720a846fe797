// The Map view end to end in Debian's Chromium against `sightline serve`: a generated tenant with a
// planted impossible-travel incident, plus hand-made Graph records with coordinates (a traveller
// Tokyo -> Honolulu -> Seattle -> New York -> London, and sign-ins whose place, user and app are
// HTML payloads). Markers, legend, popups as text, travel legs across the antimeridian, leg ->
// details, and a marker click narrowing the grid.
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, serve, type Served } from './serve';

let dir: string;
let served: Served;
let victim: string;
let total: number;

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';
const SVG = '"><svg onload=alert(3)>';
const TRAVELLER = 'kenji.sato@contoso.example';
const PAYLOAD_USER = `${IMG}@evil.example`;
const PAYLOAD_TRAVELLER = `${SVG}@evil.example`;

type Place = { city: string; state: string; cc: string; lat: number; lon: number };
const TOKYO: Place = { city: 'Tokyo', state: 'Tokyo', cc: 'JP', lat: 35.6762, lon: 139.6503 };
const HONOLULU: Place = { city: 'Honolulu', state: 'Hawaii', cc: 'US', lat: 21.3069, lon: -157.8583 };
const SEATTLE: Place = { city: 'Seattle', state: 'Washington', cc: 'US', lat: 47.6062, lon: -122.3321 };
const NEW_YORK: Place = { city: 'New York', state: 'New York', cc: 'US', lat: 40.7128, lon: -74.006 };
const LONDON: Place = { city: 'London', state: 'England', cc: 'GB', lat: 51.5072, lon: -0.1276 };
const LAGOS: Place = { city: 'Lagos', state: 'Lagos', cc: 'NG', lat: 6.5244, lon: 3.3792 };
const SYDNEY: Place = { city: 'Sydney', state: 'New South Wales', cc: 'AU', lat: -33.8688, lon: 151.2093 };
const PAYLOAD_MOSCOW: Place = { city: IMG, state: SCRIPT, cc: 'RU', lat: 55.7512, lon: 37.6184 };
const PAYLOAD_PITER: Place = { city: SCRIPT, state: IMG, cc: 'RU', lat: 59.9386, lon: 30.3141 };

type Visit = { upn: string; at: string; ip: string; place: Place; app?: string; failed?: boolean; nonInteractive?: boolean };

const VISITS: Visit[] = [
  // Kenji: Tokyo -> Honolulu in 2 h (impossible, across the date line) -> Seattle (fast) -> New York (plausible) -> London in 2 h (impossible) -> London again from another IP (not travel).
  { upn: TRAVELLER, at: '2026-10-01T00:00:00.000Z', ip: '126.10.20.30', place: TOKYO },
  { upn: TRAVELLER, at: '2026-10-01T02:00:00.000Z', ip: '72.235.10.20', place: HONOLULU },
  { upn: TRAVELLER, at: '2026-10-01T14:00:00.000Z', ip: '4.15.187.20', place: SEATTLE },
  { upn: TRAVELLER, at: '2026-10-02T09:00:00.000Z', ip: '12.34.56.78', place: NEW_YORK },
  { upn: TRAVELLER, at: '2026-10-02T11:00:00.000Z', ip: '81.2.69.160', place: LONDON },
  { upn: TRAVELLER, at: '2026-10-02T12:00:00.000Z', ip: '81.2.69.161', place: LONDON },
  // A failed attempt from Lagos and a non-interactive token use from Sydney: drawn only when switched on.
  { upn: TRAVELLER, at: '2026-10-02T11:30:00.000Z', ip: '102.89.1.2', place: LAGOS, failed: true },
  { upn: TRAVELLER, at: '2026-10-02T13:00:00.000Z', ip: '1.128.3.4', place: SYDNEY, nonInteractive: true },
  // Payloads in the place, the user and the app.
  { upn: PAYLOAD_USER, at: '2026-10-03T08:00:00.000Z', ip: '95.165.1.10', place: PAYLOAD_MOSCOW, app: `${IMG} app` },
  { upn: PAYLOAD_USER, at: '2026-10-03T08:05:00.000Z', ip: '95.165.1.11', place: PAYLOAD_MOSCOW, app: `${IMG} app` },
  { upn: PAYLOAD_USER, at: '2026-10-03T08:09:00.000Z', ip: '95.165.1.10', place: PAYLOAD_MOSCOW, app: `${SCRIPT} app`, failed: true },
  { upn: PAYLOAD_TRAVELLER, at: '2026-10-03T09:00:00.000Z', ip: '95.165.2.10', place: PAYLOAD_MOSCOW, app: `${SVG} app` },
  { upn: PAYLOAD_TRAVELLER, at: '2026-10-03T09:10:00.000Z', ip: '178.70.3.3', place: PAYLOAD_PITER, app: `${SVG} app` },
];

/** Graph sign-ins for the visits, each a generated record with the visit's own fields. */
function visitRecords(template: Record<string, unknown>): Record<string, unknown>[] {
  return VISITS.map((v, i) => {
    const id = `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
    return {
      ...template,
      id,
      originalRequestId: id,
      correlationId: `10000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      createdDateTime: v.at,
      userPrincipalName: v.upn,
      userDisplayName: v.upn.split('@')[0],
      userId: `20000000-0000-4000-8000-${v.upn === TRAVELLER ? '000000000001' : v.upn === PAYLOAD_USER ? '000000000002' : '000000000003'}`,
      signInIdentifier: v.upn,
      appDisplayName: v.app ?? 'OfficeHome',
      ipAddress: v.ip,
      autonomousSystemNumber: null,
      isInteractive: !v.nonInteractive,
      signInEventTypes: [v.nonInteractive ? 'nonInteractiveUser' : 'interactiveUser'],
      status: v.failed
        ? { errorCode: 50126, failureReason: 'Error validating credentials due to invalid username or password.', additionalDetails: null }
        : { errorCode: 0, failureReason: 'Other.', additionalDetails: null },
      location: { city: v.place.city, state: v.place.state, countryOrRegion: v.place.cc, geoCoordinates: { altitude: null, latitude: v.place.lat, longitude: v.place.lon } },
    };
  });
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-map-'));
  const gen = path.join(dir, 'gen');
  const generated = await run(['generate', '--out', gen, '--rows', '1500', '--users', '25', '--attacks', 'impossible-travel', '--format', 'graph-json']);
  expect(generated.code, generated.stderr).toBe(0);
  const truth = JSON.parse(fs.readFileSync(path.join(gen, 'truth.json'), 'utf8')) as { incidents: { kind: string; users: string[] }[] };
  victim = truth.incidents.find((i) => i.kind === 'impossible-travel')!.users[0]!.toLowerCase();
  const interactive = fs.readdirSync(gen).find((f) => f.startsWith('GraphSignIns_interactiveUser'))!;
  const template = (JSON.parse(fs.readFileSync(path.join(gen, interactive), 'utf8')) as { value: Record<string, unknown>[] }).value[0]!;
  const visits = path.join(dir, 'visits.json');
  fs.writeFileSync(visits, JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/beta/$metadata#auditLogs/signIns', value: visitRecords(template) }));
  const casePath = path.join(dir, 'map.sightline');
  const files = [...fs.readdirSync(gen).filter((f) => f.startsWith('GraphSignIns')).map((f) => path.join(gen, f)), visits];
  const imported = await run(['import', casePath, ...files, '--json']);
  expect(imported.code, imported.stderr).toBe(0);
  total = JSON.parse(imported.stdout).totals.inserted;
  expect(total).toBe(1500 + VISITS.length);
  served = await serve(casePath);
});

test.afterAll(async () => {
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

type Watch = { errors: string[]; dialogs: string[] };

async function openMap(page: Page): Promise<Watch> {
  const watch: Watch = { errors: [], dialogs: [] };
  page.on('pageerror', (e) => watch.errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy|Refused/i.test(m.text()) && watch.errors.push(m.text()));
  page.on('dialog', (d) => {
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  // Nothing may leave the machine: no tiles, no fonts, no images from anywhere else.
  await page.route(/^(?!http:\/\/(127\.0\.0\.1|localhost)[:/])/, (route) => {
    watch.errors.push(`remote request: ${route.request().url()}`);
    return route.abort();
  });
  await page.goto(served.open);
  await expect(page.getByTestId('row-count')).toContainText('sign-ins');
  await page.getByTestId('nav-map').click();
  await expect(page.getByTestId('map')).toBeVisible();
  await expect(page.getByTestId('map-status')).toContainText(/\d+ locations from [\d,]+ of [\d,]+ sign-ins/);
  return watch;
}

async function filterUser(page: Page, text: string) {
  await page.getByTestId('add-filter').click();
  await page.getByTestId('filter-user').fill(text);
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('chip-user')).toBeVisible();
}

async function showTravel(page: Page, user: string) {
  await page.getByTestId('travel-user').fill(user);
  await page.getByTestId('travel-user').press('Enter');
}

/** The number in "N legs drawn". */
async function legsDrawn(page: Page): Promise<number> {
  const text = (await page.getByTestId('travel-legs').locator('.travel-count strong').textContent()) ?? '';
  const m = /^([\d,]+) legs? drawn/.exec(text);
  return m ? Number(m[1]!.replace(/,/g, '')) : NaN;
}

/** Performance entries the map records once a layer is on the canvas. */
async function drawCount(page: Page, name: string): Promise<number> {
  return page.evaluate((n) => performance.getEntriesByName(n).length, name);
}

test('the basemap, markers and legend draw offline, with nothing fetched from elsewhere', async ({ page }) => {
  const watch = await openMap(page);
  await expect(page.getByTestId('map-legend')).toContainText('success');
  await expect(page.getByTestId('map-legend')).toContainText('failure');
  await expect(page.getByTestId('map-legend')).toContainText('interrupted');
  // The basemap and the markers are canvases in Leaflet's panes.
  await expect(page.getByTestId('map').locator('.leaflet-basemap-pane canvas')).toHaveCount(1);
  await expect(page.getByTestId('map').locator('.leaflet-overlay-pane canvas')).toHaveCount(1);
  await expect.poll(() => drawCount(page, 'sightline.map.locations')).toBeGreaterThan(0);
  // Land is drawn: the basemap canvas has opaque pixels of the land colour. The basemap is parsed
  // apart from the markers, so on a busy machine it may land a little after them.
  const landPixels = () =>
    page.getByTestId('map').locator('.leaflet-basemap-pane canvas').evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4 * 50) if (data[i]! > 0) n++;
      return n;
    });
  await expect.poll(landPixels, { timeout: 20_000 }).toBeGreaterThan(1000);
  const status = (await page.getByTestId('map-status').textContent()) ?? '';
  expect(Number(/^([\d,]+) locations/.exec(status)![1]!.replace(/,/g, ''))).toBeGreaterThan(8);
  expect(status).toContain(`of ${total.toLocaleString('en-US')} sign-ins`);
  expect(watch.errors).toEqual([]);
});

test('a traveller: legs across the antimeridian with direction, speed classes and labels; a leg opens its sign-ins', async ({ page }, testInfo) => {
  // Wide enough for the whole trip, Tokyo to London, beside the legend (the README screenshot).
  await page.setViewportSize({ width: 1600, height: 900 });
  const watch = await openMap(page);
  await expect(page.getByTestId('travel-top')).toContainText(TRAVELLER);
  await showTravel(page, TRAVELLER);
  const legs = page.getByTestId('travel-legs');
  await expect(legs).toContainText('4 legs drawn (2 impossible, 1 fast, 1 plausible)');
  await expect(legs).toContainText("1 hop within the locations' uncertainty not drawn");
  expect(await legsDrawn(page)).toBe(4);
  await expect(legs.getByTestId('leg-item')).toHaveCount(4);

  // Tokyo -> Honolulu crosses the date line the short way: ~62° of longitude eastwards, not ~297° back across the world.
  const pacific = legs.getByTestId('leg-item').filter({ hasText: 'Tokyo, JP → Honolulu, US' });
  await expect(pacific).toHaveAttribute('data-speed-class', 'impossible');
  await expect(pacific).toContainText('km/h');
  const lon = async (name: string) => Number(await pacific.getAttribute(`data-lon-${name}`));
  const [start, end, min, max] = [await lon('start'), await lon('end'), await lon('min'), await lon('max')];
  expect(end - start).toBeCloseTo(360 - 139.6503 - 157.8583, 1);
  expect(min).toBeCloseTo(start, 3);
  expect(max).toBeCloseTo(end, 3);
  expect((((start % 360) + 540) % 360) - 180).toBeCloseTo(139.6503, 2);
  // The other legs are drawn and classed.
  await expect(legs.getByTestId('leg-item').filter({ hasText: 'Honolulu, US → Seattle, US' })).toHaveAttribute('data-speed-class', 'fast');
  await expect(legs.getByTestId('leg-item').filter({ hasText: 'Seattle, US → New York, US' })).toHaveAttribute('data-speed-class', 'plausible');
  await expect(legs.getByTestId('leg-item').filter({ hasText: 'New York, US → London, GB' })).toHaveAttribute('data-speed-class', 'impossible');
  // Labels on the map: distance, time gap and speed.
  await expect(page.getByTestId('map').locator('.leg-label-tip')).toHaveCount(4);
  await expect(page.getByTestId('map').locator('.leg-label-tip').filter({ hasText: '2 h' }).first()).toContainText('km/h');
  await expect(page.getByTestId('map-legend')).toContainText('Impossible');
  await expect(page.getByTestId('map-legend')).toContainText('800 km/h');

  // The map with its legs and legend: the README's map screenshot.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: testInfo.outputPath('map.png') });
  // Kept beside the other artifacts; docs/map.png is refreshed from it by hand, so a test run never edits a tracked file.
  fs.copyFileSync(testInfo.outputPath('map.png'), path.join(testInfo.project.outputDir, 'map.png'));

  // A leg opens its two sign-ins: the later one in the details pane, both listed beside the legs.
  await pacific.click();
  const pair = page.getByTestId('leg-signins');
  await expect(pair.getByTestId('leg-signin')).toHaveCount(2);
  await expect(pair).toContainText('126.10.20.30');
  await expect(pair).toContainText('72.235.10.20');
  await expect(page.getByTestId('details')).toContainText('72.235.10.20');
  await pair.getByTestId('leg-signin').first().click();
  await expect(page.getByTestId('details')).toContainText('126.10.20.30');

  // Switches: failures add the Lagos attempt, non-interactive the Sydney token use (with the caveat).
  await page.getByTestId('travel-failures').check();
  await expect.poll(() => legsDrawn(page)).toBe(6);
  await expect(legs.getByTestId('leg-item').filter({ hasText: 'Lagos, NG' })).toHaveCount(2);
  await expect(page.getByTestId('travel-caveat')).toHaveCount(0);
  await page.getByTestId('travel-noninteractive').check();
  await expect(page.getByTestId('travel-caveat')).toContainText('token');
  await expect.poll(() => legsDrawn(page)).toBe(7);
  await expect(legs.getByTestId('leg-item').filter({ hasText: 'Sydney, AU' })).toHaveCount(1);
  expect(watch.errors).toEqual([]);
});

test('the planted impossible-travel victim tops the travellers and their impossible leg is drawn', async ({ page }) => {
  const watch = await openMap(page);
  const top = page.getByTestId('travel-top');
  await expect(top.getByTestId('traveller').filter({ hasText: victim })).toBeVisible();
  await top.getByTestId('traveller').filter({ hasText: victim }).click();
  await expect(page.getByTestId('travel-user')).toHaveValue(victim);
  await expect(page.getByTestId('travel-legs')).toContainText(/[1-9][\d,]* legs? drawn \([1-9]\d* impossible/);
  await expect(page.getByTestId('travel-legs').locator('[data-speed-class="impossible"]').first()).toBeVisible();
  expect(watch.errors).toEqual([]);
});

test('popups and leg labels show HTML payloads as text; a marker click narrows the grid to the place', async ({ page }, testInfo) => {
  const watch = await openMap(page);
  // Folded, the legend leaves the whole map to fits, so a single place is fitted to the centre.
  await page.getByTestId('map-legend').getByRole('button', { name: /Legend/ }).click();
  await expect(page.getByTestId('map-legend')).not.toContainText('success');
  await filterUser(page, '<img src=x');
  await expect(page.getByTestId('map-status')).toContainText('1 location from 3 of 3 sign-ins');
  await expect.poll(() => drawCount(page, 'sightline.map.locations')).toBeGreaterThan(1);
  // One location, so the fitted view centres on it: hover, then click the marker there.
  const box = (await page.getByTestId('map').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.locator('.map-hover')).toContainText(`${IMG}, RU`);
  await expect(page.locator('.map-hover')).toContainText('3 sign-ins: 2 success, 1 failure');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const popup = page.getByTestId('map-popup');
  await expect(popup).toBeVisible();
  await expect(popup.locator('.map-popup-title')).toHaveText(`${IMG}, RU`);
  await expect(popup).toContainText('3 sign-ins: 2 success, 1 failure');
  await expect(popup.getByTestId('popup-user')).toHaveText(PAYLOAD_USER);
  await expect(popup.getByTestId('popup-app').first()).toHaveText(`${IMG} app`);
  await expect(popup.getByTestId('popup-app').nth(1)).toHaveText(`${SCRIPT} app`);
  await expect(popup.getByTestId('popup-ip')).toHaveCount(2);
  await page.screenshot({ path: testInfo.outputPath('map-popup.png') });

  // The click narrowed the shared filter to the place's city and country (the records' own columns).
  await expect(page.getByTestId('chip-city')).toContainText(IMG);
  await expect(page.getByTestId('chip-country')).toContainText('RU');
  await page.getByTestId('nav-signins').click();
  await expect(page.getByTestId('row-count')).toHaveText(`3 sign-ins (filtered from ${total.toLocaleString('en-US')})`);
  await page.getByTestId('nav-map').click();

  // An address in the popup narrows to it.
  await expect(page.getByTestId('map-status')).toContainText('1 location from 3 of 3 sign-ins');
  // The map is drawn afresh after the view switch: wait until the marker is under the pointer again.
  await expect(async () => {
    await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2 + 1);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect(page.locator('.map-hover')).toContainText(`${IMG}, RU`, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByTestId('map-popup').getByTestId('popup-ip').filter({ hasText: '95.165.1.11' }).click();
  await expect(page.getByTestId('chip-ip')).toContainText('95.165.1.11');
  await expect(page.getByTestId('map-status')).toContainText('1 location from 1 of 1 sign-in');

  // Travel of the other payload user: places in the legs list and on hover stay text.
  await showTravel(page, PAYLOAD_TRAVELLER);
  const legs = page.getByTestId('travel-legs');
  await expect(legs).toContainText('1 leg drawn (1 impossible');
  await expect(legs.getByTestId('leg-item')).toContainText(`${IMG}, RU → ${SCRIPT}, RU`);
  // The view is fitted to the one leg, so it runs through the middle of the map; hovering it shows the places as text.
  await page.locator('.leaflet-popup-close-button').click();
  await expect(page.getByTestId('map-popup')).toHaveCount(0);
  // The leg crosses the map's middle row near the centre: move along that row until its hover text shows.
  await page.screenshot({ path: testInfo.outputPath('map-payload-leg.png') });
  let hovered = '';
  for (let dx = -80; dx <= 80 && !hovered.includes('→'); dx += 4) {
    await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2);
    await page.waitForTimeout(60);
    hovered = (await page.locator('.map-hover').allTextContents()).join(' ');
  }
  expect(hovered).toContain(`${IMG}, RU → ${SCRIPT}, RU`);
  await legs.getByTestId('leg-item').click();
  await expect(page.getByTestId('leg-signins')).toContainText(`${SCRIPT}, RU`);

  await page.waitForTimeout(300);
  expect(watch.dialogs).toEqual([]);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('svg[onload]')).toHaveCount(0);
  expect(watch.errors).toEqual([]);
});

test('trusted ranges and the ASN list are edited in the case, and travel annotates legs through a trusted range', async ({ page }) => {
  const watch = await openMap(page);
  await page.getByTestId('geo-settings-button').click();
  const settings = page.getByTestId('geo-settings');
  await expect(settings.getByTestId('asn-table').locator('tbody tr').first()).toBeVisible();
  await expect(settings.getByTestId('asn-table')).toContainText('hosting');
  await settings.getByTestId('trusted-ranges').fill(`72.235.10.0/24 ${IMG} VPN`);
  await settings.getByTestId('trusted-save').click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved 1 trusted range' })).toBeVisible();
  await settings.getByRole('button', { name: 'Close' }).click();
  await showTravel(page, TRAVELLER);
  const pacific = page.getByTestId('travel-legs').getByTestId('leg-item').filter({ hasText: 'Tokyo, JP → Honolulu, US' });
  await expect(pacific).toContainText(`second IP is in the trusted range ${IMG} VPN`);
  // A bad range is refused with the reason, and nothing is saved.
  await page.getByTestId('geo-settings-button').click();
  await expect(settings.getByTestId('trusted-ranges')).toHaveValue(`72.235.10.0/24 ${IMG} VPN`);
  await settings.getByTestId('trusted-ranges').fill('300.1.2.3/24 nonsense');
  await settings.getByTestId('trusted-save').click();
  await expect(settings.getByRole('alert')).toContainText('300.1.2.3');
  // Put the case back as the other tests expect it.
  await settings.getByTestId('trusted-ranges').fill('');
  await settings.getByTestId('trusted-save').click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved 0 trusted range' })).toBeVisible();
  expect(watch.dialogs).toEqual([]);
  expect(watch.errors).toEqual([]);
});
