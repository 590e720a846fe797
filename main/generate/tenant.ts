// The synthetic tenant: users (members, guests, disabled leavers), offices with egress IPs, homes,
// phones and laptops, business trips, service principals, and each user's daily rhythm.
import {
  APPS, COMMUTER_TOWNS, COUNTRY_NETS, FIRST_NAMES, GUEST_ORGS, HOSTING, LAST_NAMES, OFFICE_CITIES, PLACES, REMOTE_CITIES, TRAVEL_CITIES,
  USER_AGENTS, type App, type HostingKey, type Network, type Place, type PlaceKey,
} from './catalog';
import { Rng } from './prng';
import type { DeviceInfo, Identity, ServicePrincipal } from './record';

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export const TENANT_DOMAIN = 'contoso.example';
export const TENANT_NAME = 'Contoso';

export interface Office {
  key: PlaceKey;
  place: Place;
  net: Network;
  /** NAT egress addresses (one /24, a few consecutive hosts). */
  egress: string[];
}

export interface Trip {
  dest: Place;
  destKey: PlaceKey;
  hotelIp: string;
  hotelAsn: number;
  /** Flight out [depart, arrive], stay [arrive, back), flight home [back, home]; epoch ms. */
  depart: number;
  arrive: number;
  back: number;
  home: number;
}

export interface Device extends DeviceInfo {
  kind: 'windows' | 'mac' | 'ios' | 'android';
}

export interface User extends Identity {
  index: number;
  disabled: boolean;
  role: 'staff' | 'admin' | 'dev';
  office: Office;
  remote: boolean;
  base: Place;
  baseKey: PlaceKey;
  /** Where the user lives: the base, or a commuter town near the office (20-80 km) for commuters. */
  home: Place;
  homeKey: PlaceKey;
  homeIp: string;
  homeAsn: number;
  mobileNet: Network;
  laptop: Device | null;
  phone: Device | null;
  /** Desktop browser: its user agent and deviceDetail.browser text. */
  browserUa: string;
  browserName: string;
  /** desktop OS as deviceDetail.operatingSystem writes it */
  os: string;
  workStart: number;
  workLen: number;
  activity: number;
  officeDays: number;
  activeSync: boolean;
  trips: Trip[];
}

export interface SpApp {
  sp: ServicePrincipal;
  resources: App[];
  /** Where it runs: an Azure region or an on-premises connector behind an office. */
  ips: { ip: string; place: Place; asn: number }[];
  /** Relative sign-in rate. */
  rate: number;
}

export interface Tenant {
  seed: number;
  id: string;
  name: string;
  domain: string;
  /** Log Analytics workspace id (LA `TenantId`, not the Entra tenant). */
  workspaceId: string;
  offices: Office[];
  users: User[];
  active: User[];
  servicePrincipals: SpApp[];
  /** Tenant-local service principal object ids of the resources, by appId. */
  resourceSpIds: Map<string, string>;
  caPolicyIds: string[];
  from: number;
  to: number;
}

/** A random host address in one of the network's blocks (`a.b` = a /16, `a.b.c` = a /24). */
export function ipIn(rng: Rng, net: Network): string {
  const block = rng.pick(net.blocks);
  return block.split('.').length === 3 ? `${block}.${rng.between(1, 254)}` : `${block}.${rng.int(256)}.${rng.between(1, 254)}`;
}

export function hostingIp(rng: Rng, key: HostingKey): { ip: string; place: Place; asn: number; org: string } {
  const h = HOSTING[key];
  return { ip: ipIn(rng, h.net), place: PLACES[h.place], asn: h.net.asn, org: h.net.org };
}

export function distanceKm(a: Place, b: Place): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

const ascii = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();

function makeOffice(rng: Rng, key: PlaceKey): Office {
  const place = PLACES[key];
  const net = COUNTRY_NETS[place.country]!.business;
  const prefix = `${rng.pick(net.blocks)}.${rng.int(256)}`;
  const first = rng.between(2, 240);
  const egress = Array.from({ length: rng.between(2, 4) }, (_, i) => `${prefix}.${first + i}`);
  return { key, place, net, egress };
}

function windowsLaptop(rng: Rng): Device {
  return { kind: 'windows', deviceId: rng.guid(), displayName: `CTS-LT-${rng.between(1000, 99999)}`, os: 'Windows10', isCompliant: true, isManaged: true, trustType: 'Azure AD joined' };
}

function macLaptop(rng: Rng, given: string): Device {
  return { kind: 'mac', deviceId: rng.guid(), displayName: `${given}'s MacBook Pro`, os: 'MacOs', isCompliant: true, isManaged: true, trustType: 'Azure AD registered' };
}

function phone(rng: Rng, given: string): Device {
  return rng.chance(0.6)
    ? { kind: 'ios', deviceId: rng.guid(), displayName: `${given}'s iPhone`, os: 'Ios', isCompliant: true, isManaged: true, trustType: 'Azure AD registered' }
    : { kind: 'android', deviceId: rng.guid(), displayName: 'Pixel 8', os: 'Android', isCompliant: true, isManaged: true, trustType: 'Azure AD registered' };
}

function planTrip(rng: Rng, user: User, offices: Office[], from: number, to: number): Trip | null {
  const days = Math.floor((to - from) / DAY);
  if (days < 6) return null;
  const candidates = [...new Set<PlaceKey>([...offices.map((o) => o.key), ...TRAVEL_CITIES])].filter((k) => distanceKm(PLACES[k], user.base) > 300);
  if (!candidates.length) return null;
  const destKey = rng.pick(candidates);
  const dest = PLACES[destKey];
  const flight = (distanceKm(user.base, dest) / 700 + 1.5) * HOUR; // stays well under 800 km/h
  const d0 = rng.between(1, days - 5);
  const depart = from + d0 * DAY + (rng.range(7, 15) - user.base.tz) * HOUR;
  const arrive = depart + flight;
  const stay = rng.between(2, Math.min(5, days - d0 - 3));
  const back = arrive + stay * DAY + rng.range(-4, 4) * HOUR;
  const home = back + flight;
  if (depart - 2 * HOUR < from || home + 2 * HOUR >= to) return null;
  const hotelNet = rng.pick(COUNTRY_NETS[dest.country]!.residential);
  return { dest, destKey, hotelIp: ipIn(rng, hotelNet), hotelAsn: hotelNet.asn, depart, arrive, back, home };
}

const SP_TEMPLATES: { name: string; resources: (keyof typeof APPS)[]; where: 'azure' | 'office'; rate: number; cert: boolean }[] = [
  { name: 'Contoso HR Provisioning', resources: ['graph'], where: 'azure', rate: 3, cert: true },
  { name: 'Contoso Backup Connector', resources: ['sharePoint', 'exchange', 'graph'], where: 'azure', rate: 4, cert: false },
  { name: 'Contoso Intranet API', resources: ['graph', 'sharePoint'], where: 'azure', rate: 2, cert: false },
  { name: 'Monitoring Collector', resources: ['azureManagement'], where: 'azure', rate: 2, cert: true },
  { name: 'Payroll Sync (on-premises)', resources: ['graph'], where: 'office', rate: 1, cert: false },
  { name: 'GitHub Actions Deploy', resources: ['azureManagement'], where: 'azure', rate: 0.5, cert: false },
];

export function buildTenant(seed: number, userCount: number, from: number, to: number): Tenant {
  const rng = Rng.from(seed, 'tenant');
  const id = rng.guid();
  const workspaceId = rng.guid();
  const officeCount = Math.max(1, Math.min(OFFICE_CITIES.length, Math.ceil(userCount / 30)));
  const offices = OFFICE_CITIES.slice(0, officeCount).map((k) => makeOffice(rng, k));
  const guestOrgs = GUEST_ORGS.map((o) => ({ ...o, tenantId: rng.guid() }));

  const disabledCount = userCount >= 10 ? Math.max(2, Math.round(userCount * 0.04)) : 0;
  const guestCount = userCount >= 15 ? Math.max(1, Math.round(userCount * 0.06)) : 0;
  const taken = new Set<string>();
  const users: User[] = [];
  for (let i = 0; i < userCount; i++) {
    const ur = Rng.from(seed, 'user', i);
    const guest = i >= userCount - guestCount;
    const disabled = !guest && i >= userCount - guestCount - disabledCount;
    let given = '', surname = '', local = '';
    for (let attempt = 0; ; attempt++) {
      given = ur.pick(FIRST_NAMES);
      surname = ur.pick(LAST_NAMES);
      local = `${ascii(given)}.${ascii(surname)}${attempt > 3 ? attempt : ''}`;
      if (!taken.has(local)) break;
    }
    taken.add(local);
    const org = guest ? ur.pick(guestOrgs) : null;
    const office = offices[i % offices.length]!;
    const remoteChoices = REMOTE_CITIES[office.key] ?? [];
    const remote = !guest && remoteChoices.length > 0 && ur.chance(0.15);
    const baseKey: PlaceKey = guest ? ur.pick(TRAVEL_CITIES) : remote ? ur.pick(remoteChoices) : office.key;
    const base = PLACES[baseKey];
    const nets = COUNTRY_NETS[base.country]!;
    const homeNet = ur.pick(nets.residential);
    const role = guest ? 'staff' : ur.weighted([['staff', 80], ['admin', 8], ['dev', 12]] as const);
    const windows = ur.chance(role === 'dev' ? 0.5 : 0.75);
    const laptop = guest ? null : windows ? windowsLaptop(ur) : macLaptop(ur, given);
    const browser = windows
      ? ur.weighted([[['Edge 141.0.0', USER_AGENTS.edgeWin], 70], [['Chrome 141.0.0', USER_AGENTS.chromeWin], 30]] as const)
      : ur.weighted([[['Safari 26.0', USER_AGENTS.safariMac], 50], [['Chrome 141.0.0', USER_AGENTS.chromeMac], 50]] as const);
    const user: User = {
      index: i,
      id: ur.guid(),
      upn: guest ? `${local}@${org!.domain}` : `${local}@${TENANT_DOMAIN}`,
      displayName: `${given} ${surname}`,
      type: guest ? 'guest' : 'member',
      homeTenantId: guest ? org!.tenantId : id,
      homeTenantName: guest ? '' : TENANT_NAME,
      crossTenant: guest ? 'b2bCollaboration' : 'none',
      disabled,
      role,
      office: guest ? makeOffice(ur, baseKey) : office,
      remote,
      base,
      baseKey,
      home: base,
      homeKey: baseKey,
      homeIp: ipIn(ur, homeNet),
      homeAsn: homeNet.asn,
      mobileNet: nets.mobile,
      laptop,
      phone: guest ? null : phone(ur, given),
      browserName: browser[0],
      os: windows ? 'Windows10' : 'MacOs',
      browserUa: browser[1],
      workStart: ur.range(7, 10),
      workLen: ur.range(7.5, 9.5),
      activity: guest ? ur.range(0.05, 0.2) : ur.range(0.5, 1.5),
      officeDays: remote || guest ? 0 : ur.range(0.3, 0.9),
      activeSync: !guest && ur.chance(0.05),
      trips: [],
    };
    if (!guest && !disabled && ur.chance(0.15)) {
      const trip = planTrip(ur, user, offices, from, to);
      if (trip) user.trips.push(trip);
    }
    // Commuters live in a town near the office: sign-ins from home and from the office are tens of
    // kilometres apart on alternate days. Drawn last, so every other attribute stays as it was.
    const towns = guest || remote ? undefined : COMMUTER_TOWNS[office.key];
    if (towns?.length && ur.chance(0.3)) {
      user.homeKey = ur.pick(towns);
      user.home = PLACES[user.homeKey];
    }
    users.push(user);
  }

  const resourceSpIds = new Map<string, string>();
  for (const app of Object.values(APPS)) resourceSpIds.set(app.id, rng.guid());

  const servicePrincipals: SpApp[] = SP_TEMPLATES.map((t) => {
    const sr = Rng.from(seed, 'sp', t.name);
    const app = { id: sr.guid(), name: t.name };
    const ips = t.where === 'office'
      ? [{ ip: offices[0]!.egress[0]!, place: offices[0]!.place, asn: offices[0]!.net.asn }]
      : Array.from({ length: 3 }, () => {
          const h = hostingIp(sr, sr.chance(0.5) ? 'azureWeu' : 'azureEus');
          return { ip: h.ip, place: h.place, asn: h.asn };
        });
    resourceSpIds.set(app.id, sr.guid());
    return {
      sp: { app, objectId: sr.guid(), credentialKeyId: sr.guid(), thumbprint: t.cert ? sr.hex(40).toUpperCase() : '', credentialType: t.cert ? 'certificate' : 'clientSecret' },
      resources: t.resources.map((r) => APPS[r]),
      ips,
      rate: t.rate,
    };
  });

  const caPolicyIds = Array.from({ length: 5 }, () => rng.guid());
  return {
    seed, id, name: TENANT_NAME, domain: TENANT_DOMAIN, workspaceId, offices, users,
    active: users.filter((u) => !u.disabled), servicePrincipals, resourceSpIds, caPolicyIds, from, to,
  };
}

/** Where the user is at time t: their base, a trip destination, or in the air (null: no activity). */
export function whereAt(user: User, t: number): { place: Place; trip: Trip | null } | null {
  for (const trip of user.trips) {
    if ((t >= trip.depart - HOUR && t <= trip.arrive + HOUR) || (t >= trip.back - HOUR && t <= trip.home + HOUR)) return null;
    if (t > trip.arrive && t < trip.back) return { place: trip.dest, trip };
  }
  return { place: user.base, trip: null };
}

export interface DayContext {
  localDay: number;
  pto: boolean;
  atOffice: boolean;
  laptopSession: string;
  phoneSession: string;
  laptopIp: string;
  laptopAsn: number;
  phoneIp: string;
  phoneAsn: number;
  place: Place;
}

/** One user's context for one local day; a pure function of (seed, user, day, location). */
export function dayContext(tenant: Tenant, user: User, localDay: number, trip: Trip | null): DayContext {
  const r = Rng.from(tenant.seed, 'day', user.index, localDay, trip ? 'trip' : 'base');
  const pto = r.chance(0.04);
  const weekday = (((localDay + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  const workday = weekday >= 1 && weekday <= 5 && !pto;
  const atOffice = !trip && workday && r.chance(user.officeDays);
  const laptopSession = r.guid();
  const phoneSession = Rng.from(tenant.seed, 'phone-session', user.index, Math.floor(localDay / 7)).guid();
  let laptopIp: string, laptopAsn: number;
  if (trip) [laptopIp, laptopAsn] = [trip.hotelIp, trip.hotelAsn];
  else if (atOffice) [laptopIp, laptopAsn] = [r.pick(user.office.egress), user.office.net.asn];
  else [laptopIp, laptopAsn] = [user.homeIp, user.homeAsn];
  const onWifi = r.chance(0.5);
  const phoneIp = onWifi ? laptopIp : trip ? trip.hotelIp : ipIn(r, user.mobileNet);
  const phoneAsn = onWifi ? laptopAsn : trip ? trip.hotelAsn : user.mobileNet.asn;
  return { localDay, pto, atOffice, laptopSession, phoneSession, laptopIp, laptopAsn, phoneIp, phoneAsn, place: trip ? trip.dest : atOffice ? user.base : user.home };
}

export interface Rhythm {
  /** interactive and non-interactive activity weights for the hour */
  wi: number;
  wn: number;
  localDay: number;
  localHour: number;
  trip: Trip | null;
  place: Place;
}

/** A user's activity weights for the UTC hour starting at hourStart. */
export function rhythm(user: User, hourStart: number): Rhythm | null {
  if (user.disabled) return null;
  const where = whereAt(user, hourStart) && whereAt(user, hourStart + HOUR - 1);
  if (!where) return null;
  const local = hourStart + where.place.tz * HOUR;
  const localDay = Math.floor(local / DAY);
  const localHour = (local - localDay * DAY) / HOUR;
  const weekday = (((localDay + 4) % 7) + 7) % 7;
  const workday = weekday >= 1 && weekday <= 5;
  const inWork = localHour >= user.workStart && localHour < user.workStart + user.workLen;
  const shoulder = !inWork && localHour >= user.workStart - 1.5 && localHour < user.workStart + user.workLen + 2.5;
  const night = localHour < 6.5 || localHour >= 23;
  let wi: number, wn: number;
  if (workday) {
    wi = inWork ? (localHour - user.workStart > 3.5 && localHour - user.workStart < 4.5 ? 0.6 : 1) : shoulder ? 0.15 : night ? 0.002 : 0.04;
    wn = (night ? 0.25 : 0.8) + (inWork ? 2.6 : shoulder ? 0.6 : 0);
  } else {
    wi = localHour >= 10 && localHour < 20 ? 0.06 : 0.003;
    wn = night ? 0.2 : 0.6;
  }
  const k = user.activity;
  return { wi: wi * k, wn: user.type === 'guest' ? wn * k * 0.1 : wn * k, localDay, localHour, trip: where.trip, place: where.place };
}
