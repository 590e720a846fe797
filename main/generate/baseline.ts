// Normal tenant activity: interactive sign-ins in each user's working hours (in the zone where they are),
// about three times as many non-interactive token refreshes (round the clock, busier by day), a little
// service-principal traffic, and the failures any tenant has (wrong passwords, MFA and KMSI interrupts,
// silent-SSO misses, expired refresh tokens, guests' 16000, the odd Conditional Access block).
import { APPS, CLIENT_APPS, USER_AGENTS, type App } from './catalog';
import { additionalDetailsFor } from './derive';
import { Rng } from './prng';
import { unregistered, type AuthPattern, type CaKey, type Rec } from './record';
import { dayContext, HOUR, rhythm, type DayContext, type Device, type Rhythm, type SpApp, type Tenant, type User } from './tenant';

/** Target ratio of non-interactive to interactive user sign-ins, and the service-principal share. */
const NON_INTERACTIVE_RATIO = 3;
const SP_SHARE = 0.03;

type Pick<T> = readonly (readonly [T, number])[];

interface Activity {
  app: App;
  resources: Pick<App>;
  surface: 'browser' | 'native' | 'wam' | 'activeSync';
}

const act = (app: App, resources: Pick<App>, surface: Activity['surface']): Activity => ({ app, resources, surface });
const only = (r: App): Pick<App> => [[r, 1]];

const LAPTOP_INTERACTIVE: { a: Activity; w: (u: User) => number }[] = [
  { a: act(APPS.windowsSignIn, only(APPS.aad), 'wam'), w: (u) => (u.laptop?.kind === 'windows' ? 6 : 0) },
  { a: act(APPS.officeHome, only(APPS.officeHome), 'browser'), w: () => 10 },
  { a: act(APPS.outlookWeb, only(APPS.exchange), 'browser'), w: () => 7 },
  { a: act(APPS.sharePoint, only(APPS.sharePoint), 'browser'), w: () => 7 },
  { a: act(APPS.myApps, only(APPS.graph), 'browser'), w: () => 1 },
  { a: act(APPS.azurePortal, only(APPS.azureManagement), 'browser'), w: (u) => (u.role === 'admin' ? 12 : u.role === 'dev' ? 4 : 0) },
  { a: act(APPS.office, [[APPS.exchange, 3], [APPS.sharePoint, 2], [APPS.graph, 1]], 'native'), w: () => 12 },
  { a: act(APPS.teams, [[APPS.teamsServices, 3], [APPS.graph, 1]], 'native'), w: () => 10 },
  { a: act(APPS.vsCode, only(APPS.graph), 'native'), w: (u) => (u.role === 'dev' ? 4 : 0) },
  { a: act(APPS.azureCli, only(APPS.azureManagement), 'native'), w: (u) => (u.role === 'dev' ? 5 : u.role === 'admin' ? 3 : 0) },
];

const PHONE_INTERACTIVE: { a: Activity; w: number }[] = [
  { a: act(APPS.outlookMobile, only(APPS.exchange), 'native'), w: 10 },
  { a: act(APPS.teams, only(APPS.teamsServices), 'native'), w: 8 },
  { a: act(APPS.officeHome, only(APPS.officeHome), 'browser'), w: 2 },
  { a: act(APPS.authenticator, only(APPS.graph), 'native'), w: 1 },
];

const GUEST_INTERACTIVE: { a: Activity; w: number }[] = [
  { a: act(APPS.teamsWeb, only(APPS.teamsServices), 'browser'), w: 6 },
  { a: act(APPS.sharePoint, only(APPS.sharePoint), 'browser'), w: 6 },
];

const LAPTOP_NON_INTERACTIVE: { a: Activity; w: (u: User) => number }[] = [
  { a: act(APPS.teams, [[APPS.teamsServices, 4], [APPS.graph, 2], [APPS.sharePoint, 1], [APPS.exchange, 1]], 'native'), w: () => 12 },
  { a: act(APPS.office, [[APPS.exchange, 3], [APPS.sharePoint, 2], [APPS.graph, 1]], 'native'), w: () => 10 },
  { a: act(APPS.oneDriveSync, only(APPS.sharePoint), 'native'), w: () => 6 },
  { a: act(APPS.edge, only(APPS.graph), 'native'), w: (u) => (u.laptop?.kind === 'windows' ? 2 : 0) },
  { a: act(APPS.officeHome, [[APPS.sharePoint, 1], [APPS.exchange, 1]], 'browser'), w: () => 2 },
  { a: act(APPS.azurePortal, only(APPS.azureManagement), 'browser'), w: (u) => (u.role === 'admin' ? 5 : 0) },
  { a: act(APPS.vsCode, only(APPS.graph), 'native'), w: (u) => (u.role === 'dev' ? 3 : 0) },
  { a: act(APPS.azureCli, only(APPS.azureManagement), 'native'), w: (u) => (u.role === 'dev' ? 4 : u.role === 'admin' ? 2 : 0) },
];

const PHONE_NON_INTERACTIVE: { a: Activity; w: number }[] = [
  { a: act(APPS.outlookMobile, [[APPS.exchange, 5], [APPS.graph, 1]], 'native'), w: 10 },
  { a: act(APPS.teams, [[APPS.teamsServices, 3], [APPS.graph, 1]], 'native'), w: 6 },
  { a: act(APPS.authenticator, only(APPS.graph), 'native'), w: 1 },
  { a: act(APPS.companyPortal, only(APPS.graph), 'native'), w: 1 },
];

const PHONE_INTERACTIVE_W = PHONE_INTERACTIVE.map((x) => [x.a, x.w] as const);
const GUEST_INTERACTIVE_W = GUEST_INTERACTIVE.map((x) => [x.a, x.w] as const);
const PHONE_NON_INTERACTIVE_W = PHONE_NON_INTERACTIVE.map((x) => [x.a, x.w] as const);
const ACTIVE_SYNC = act(APPS.exchange, only(APPS.exchange), 'activeSync');

/** Per-user activity weights, computed once per user. */
const userWeights = new WeakMap<User, { laptopI: Pick<Activity>; laptopN: Pick<Activity> }>();
function weightsOf(user: User): { laptopI: Pick<Activity>; laptopN: Pick<Activity> } {
  let w = userWeights.get(user);
  if (!w) {
    w = {
      laptopI: LAPTOP_INTERACTIVE.map((x) => [x.a, x.w(user)] as const).filter(([, n]) => n > 0),
      laptopN: LAPTOP_NON_INTERACTIVE.map((x) => [x.a, x.w(user)] as const).filter(([, n]) => n > 0),
    };
    userWeights.set(user, w);
  }
  return w;
}

const MFA_METHODS: Pick<string> = [['Mobile app notification', 70], ['Text message', 8], ['OATH verification code', 10], ['FIDO2 security key', 12]];

function uaFor(user: User, device: Device | null, a: Activity): { ua: string; browser: string } {
  const kind = device?.kind;
  if (a.surface === 'activeSync') return { ua: kind === 'android' ? USER_AGENTS.activeSyncAndroid : USER_AGENTS.activeSyncIos, browser: kind === 'android' ? 'Chrome Mobile' : 'Mobile Safari' };
  if (a.surface === 'wam') return { ua: USER_AGENTS.wam, browser: 'Rich Client 5.4.0.0' };
  if (a.surface === 'browser') {
    if (kind === 'ios') return { ua: USER_AGENTS.safariIos, browser: 'Mobile Safari 18.6' };
    if (kind === 'android') return { ua: USER_AGENTS.chromeAndroid, browser: 'Chrome Mobile 141.0.0' };
    return { ua: user.browserUa, browser: user.browserName };
  }
  // native apps
  if (kind === 'ios') return { ua: a.app === APPS.teams ? USER_AGENTS.teamsIos : USER_AGENTS.outlookIos, browser: 'Rich Client 1.6.0' };
  if (kind === 'android') return { ua: a.app === APPS.teams ? USER_AGENTS.teamsAndroid : USER_AGENTS.outlookAndroid, browser: 'Rich Client 5.5.0' };
  if (a.app === APPS.azureCli) return { ua: USER_AGENTS.azureCli, browser: 'Python Requests 2.32' };
  if (a.app === APPS.vsCode) return { ua: USER_AGENTS.vsCode, browser: 'Rich Client 4.74.0' };
  if (a.app === APPS.oneDriveSync) return { ua: USER_AGENTS.oneDrive, browser: 'Rich Client 4.74.0' };
  if (kind === 'mac') return { ua: a.app === APPS.teams ? USER_AGENTS.teamsMac : USER_AGENTS.officeMac, browser: 'Rich Client 1.6.0' };
  return { ua: USER_AGENTS.wam, browser: 'Rich Client 5.4.0.0' };
}

export interface BaselinePlan {
  /** rows per UTC hour slice, index 0 = the oldest hour */
  counts: number[];
  total: number;
}

/** Shared state while generating: each user's cached day context. */
class Contexts {
  private readonly cache = new Map<number, DayContext>();
  constructor(private readonly tenant: Tenant) {}
  get(user: User, rh: Rhythm): DayContext {
    const c = this.cache.get(user.index);
    if (c && c.localDay === rh.localDay && c.place === rh.place) return c;
    const fresh = dayContext(this.tenant, user, rh.localDay, rh.trip);
    this.cache.set(user.index, fresh);
    return fresh;
  }
}

interface SliceWeights {
  users: User[];
  rhythms: Rhythm[];
  contexts: DayContext[];
  wi: number[];
  wn: number[];
  sumI: number;
  sumN: number;
}

function sliceWeights(tenant: Tenant, contexts: Contexts, hourStart: number): SliceWeights {
  const out: SliceWeights = { users: [], rhythms: [], contexts: [], wi: [], wn: [], sumI: 0, sumN: 0 };
  for (const user of tenant.active) {
    const rh = rhythm(user, hourStart);
    if (!rh) continue;
    const ctx = contexts.get(user, rh);
    const wi = ctx.pto ? rh.wi * 0.03 : rh.wi;
    const wn = ctx.pto ? rh.wn * 0.5 : rh.wn;
    out.users.push(user);
    out.rhythms.push(rh);
    out.contexts.push(ctx);
    out.wi.push(wi);
    out.wn.push(wn);
    out.sumI += wi;
    out.sumN += wn;
  }
  return out;
}

/** Service principals: steady around the clock, with a slow swell and ebb over the day (jobs, syncs). */
function spWeight(hourIndex: number): number {
  return 1 + 0.3 * Math.sin(hourIndex / 3);
}

/** How many baseline rows fall in each hour of the range. */
export function planBaseline(tenant: Tenant, total: number): BaselinePlan & { nonInteractiveScale: number; spScale: number } {
  const hours = Math.round((tenant.to - tenant.from) / HOUR);
  const contexts = new Contexts(tenant);
  const sumsI = new Float64Array(hours);
  const sumsN = new Float64Array(hours);
  let allI = 0, allN = 0;
  for (let h = 0; h < hours; h++) {
    const w = sliceWeights(tenant, contexts, tenant.from + h * HOUR);
    sumsI[h] = w.sumI;
    sumsN[h] = w.sumN;
    allI += w.sumI;
    allN += w.sumN;
  }
  const nonInteractiveScale = allN > 0 ? (NON_INTERACTIVE_RATIO * allI) / allN : 1;
  const userTotal = allI + nonInteractiveScale * allN;
  let spTotal = 0;
  for (let h = 0; h < hours; h++) spTotal += spWeight(h);
  const spScale = userTotal > 0 ? (SP_SHARE / (1 - SP_SHARE)) * (userTotal / spTotal) : 1;
  const weights = new Float64Array(hours);
  let sum = 0;
  for (let h = 0; h < hours; h++) {
    weights[h] = sumsI[h]! + nonInteractiveScale * sumsN[h]! + spScale * spWeight(h);
    sum += weights[h]!;
  }
  const counts: number[] = [];
  let cum = 0, placed = 0;
  for (let h = 0; h < hours; h++) {
    cum += weights[h]!;
    const upto = h === hours - 1 ? total : Math.round((total * cum) / sum);
    counts.push(upto - placed);
    placed = upto;
  }
  return { counts, total, nonInteractiveScale, spScale };
}

function latency(rng: Rng, interactive: boolean): number {
  const base = interactive ? 60 : 12;
  return Math.round(base + base * 4 * (rng.float() ** 2) + rng.int(interactive ? 400 : 60));
}

export class BaselineGenerator {
  private readonly rng: Rng;
  private readonly contexts: Contexts;
  private readonly plan: ReturnType<typeof planBaseline>;
  private spWeights: Pick<SpApp> | undefined;

  constructor(private readonly tenant: Tenant, total: number) {
    this.rng = Rng.from(tenant.seed, 'baseline');
    this.contexts = new Contexts(tenant);
    this.plan = planBaseline(tenant, total);
  }

  get hours(): number {
    return this.plan.counts.length;
  }

  /** The rows of hour slice h (0 = oldest), unsorted. */
  slice(h: number): Rec[] {
    const count = this.plan.counts[h]!;
    const out: Rec[] = [];
    if (count === 0) return out;
    const tenant = this.tenant;
    const hourStart = tenant.from + h * HOUR;
    const w = sliceWeights(tenant, this.contexts, hourStart);
    const k = this.plan.nonInteractiveScale;
    // cumulative weights: per user interactive, per user non-interactive, then the service principals
    const cum = new Float64Array(w.users.length * 2 + 1);
    let acc = 0;
    for (let i = 0; i < w.users.length; i++) {
      acc += w.wi[i]!;
      cum[2 * i] = acc;
      acc += k * w.wn[i]!;
      cum[2 * i + 1] = acc;
    }
    const userAcc = acc;
    acc += this.plan.spScale * spWeight(h);
    cum[w.users.length * 2] = acc;
    const rng = this.rng;
    for (let n = 0; n < count; n++) {
      const t = hourStart + Math.floor(rng.float() * HOUR);
      const x = rng.float() * acc;
      if (x >= userAcc || w.users.length === 0) {
        out.push(this.servicePrincipal(t));
        continue;
      }
      let lo = 0, hi = w.users.length * 2 - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid]! > x) hi = mid;
        else lo = mid + 1;
      }
      const i = lo >>> 1;
      const user = w.users[i]!;
      out.push(lo % 2 === 0 ? this.interactive(user, w.contexts[i]!, t) : this.nonInteractive(user, w.contexts[i]!, t));
    }
    return out;
  }

  private base(t: number, user: User, ctx: DayContext, onPhone: boolean): Rec {
    const rng = this.rng;
    const { id, uti } = rng.requestId();
    const device = (onPhone ? user.phone : user.laptop) ?? unregistered(user.os);
    return {
      type: 'interactiveUser', t, id, uti, correlationId: rng.guid(),
      sessionId: onPhone ? ctx.phoneSession : ctx.laptopSession,
      who: user, sp: null, app: APPS.officeHome, resource: APPS.officeHome,
      ip: onPhone ? ctx.phoneIp : ctx.laptopIp, place: ctx.place, asn: onPhone ? ctx.phoneAsn : ctx.laptopAsn,
      errorCode: 0, reason: null, additionalDetails: null, clientApp: CLIENT_APPS.browser, userAgent: '', device, browser: '',
      authRequirement: 'multiFactorAuthentication', auth: 'claim', mfaMethod: '', ca: 'mfaOk',
      protocol: 'none', incomingTokenType: 'none', transferMethod: 'none', latency: 0, risk: null,
    };
  }

  private interactive(user: User, ctx: DayContext, t: number): Rec {
    const rng = this.rng;
    const guest = user.type === 'guest';
    const onPhone = !guest && user.phone !== null && (user.laptop === null || rng.chance(0.3));
    let a: Activity;
    if (guest) a = rng.weighted(GUEST_INTERACTIVE_W);
    else if (onPhone && user.activeSync && rng.chance(0.5)) a = ACTIVE_SYNC;
    else if (onPhone) a = rng.weighted(PHONE_INTERACTIVE_W);
    else a = rng.weighted(weightsOf(user).laptopI);
    const rec = this.base(t, user, ctx, onPhone);
    const device = onPhone ? user.phone : user.laptop;
    rec.app = a.app;
    rec.resource = rng.weighted(a.resources);
    const { ua, browser } = uaFor(user, device, a);
    rec.userAgent = ua;
    rec.browser = browser;
    rec.clientApp = a.surface === 'browser' ? CLIENT_APPS.browser : a.surface === 'activeSync' ? CLIENT_APPS.activeSync : CLIENT_APPS.modern;
    rec.latency = latency(rng, true);
    rec.mfaMethod = rng.weighted(MFA_METHODS);
    const prt = device?.kind === 'windows' && a.surface !== 'activeSync';
    rec.incomingTokenType = prt && a.surface !== 'wam' ? 'primaryRefreshToken' : 'none';
    if (a.surface === 'native' || a.surface === 'wam') rec.protocol = 'oAuth2';
    if (rec.resource === APPS.azureManagement) rec.ca = 'azureOk';

    if (a.surface === 'activeSync') {
      rec.device = unregistered(rec.device.os);
      this.outcome(rec, 0, 'pwOk', 'singleFactorAuthentication', 'legacy');
      return rec;
    }
    if (a.surface === 'wam') {
      this.outcome(rec, 0, 'whfb', 'multiFactorAuthentication', 'mfaOk');
      return rec;
    }
    const r = rng.float();
    if (guest) {
      if (r < 0.06) this.outcome(rec, 16000, 'none', 'singleFactorAuthentication', 'notEvaluated');
      else if (r < 0.09) this.outcome(rec, 50126, 'pwFail', 'singleFactorAuthentication', 'notEvaluated');
      else this.outcome(rec, 0, rng.chance(0.3) ? 'pwMfa' : 'claim', 'multiFactorAuthentication', 'mfaOk');
      return rec;
    }
    const browserish = a.surface === 'browser';
    if (r < 0.03 && !prt) this.outcome(rec, 50126, 'pwFail', 'singleFactorAuthentication', 'notEvaluated');
    else if (r < 0.055) this.outcome(rec, 50074, 'pwMfaRequired', 'multiFactorAuthentication', rec.ca);
    else if (r < 0.08 && browserish) this.outcome(rec, 50140, rng.chance(0.5) ? 'pwMfa' : 'claim', 'multiFactorAuthentication', rec.ca);
    else if (r < 0.095 && browserish) this.outcome(rec, 50058, 'none', 'singleFactorAuthentication', 'notEvaluated');
    else if (r < 0.1 && rec.resource === APPS.azureManagement && device?.kind === 'mac') {
      // a Mac whose compliance grace period ran out
      rec.device = { ...rec.device, isCompliant: false };
      this.outcome(rec, 53000, 'claim', 'multiFactorAuthentication', 'azureNonCompliant');
    }
    else if (r < 0.104 && browserish && !onPhone && user.role !== 'staff') {
      // an engineer trying a Linux box: blocked as an unsupported platform
      rec.userAgent = USER_AGENTS.firefoxLinux;
      rec.browser = 'Firefox 143.0';
      rec.device = unregistered('Linux');
      rec.incomingTokenType = 'none';
      this.outcome(rec, 53003, 'pwMfa', 'multiFactorAuthentication', 'platformBlocked');
    } else this.outcome(rec, 0, rng.chance(prt ? 0.04 : 0.14) ? 'pwMfa' : 'claim', 'multiFactorAuthentication', rec.ca);
    return rec;
  }

  private nonInteractive(user: User, ctx: DayContext, t: number): Rec {
    const rng = this.rng;
    const guest = user.type === 'guest';
    const onPhone = !guest && user.phone !== null && (user.laptop === null || rng.chance(0.35));
    const a = guest ? rng.weighted(GUEST_INTERACTIVE_W) : onPhone ? rng.weighted(PHONE_NON_INTERACTIVE_W) : rng.weighted(weightsOf(user).laptopN);
    const rec = this.base(t, user, ctx, onPhone);
    const device = onPhone ? user.phone : user.laptop;
    rec.type = 'nonInteractiveUser';
    rec.app = a.app;
    rec.resource = rng.weighted(a.resources);
    const { ua, browser } = uaFor(user, device, a);
    rec.userAgent = ua;
    rec.browser = browser;
    rec.clientApp = a.surface === 'browser' ? CLIENT_APPS.browser : CLIENT_APPS.modern;
    rec.latency = latency(rng, false);
    const prt = device?.kind === 'windows';
    rec.incomingTokenType = prt ? 'primaryRefreshToken' : 'refreshToken';
    if (rec.resource === APPS.azureManagement) rec.ca = 'azureOk';
    const mfa = prt || rng.chance(0.6);
    const r = rng.float();
    if (r < 0.006) this.outcome(rec, 70043, 'none', 'singleFactorAuthentication', 'notEvaluated');
    else if (r < 0.01) this.outcome(rec, 700082, 'none', 'singleFactorAuthentication', 'notEvaluated');
    else if (r < 0.012) this.outcome(rec, 50173, 'none', 'singleFactorAuthentication', 'notEvaluated');
    else if (r < 0.017 && !prt) this.outcome(rec, 50076, 'claim1fa', 'multiFactorAuthentication', rec.ca);
    else this.outcome(rec, 0, mfa ? 'claim' : 'claim1fa', mfa ? 'multiFactorAuthentication' : 'singleFactorAuthentication', mfa ? rec.ca : 'notEvaluated');
    return rec;
  }

  private outcome(rec: Rec, code: number, auth: AuthPattern, req: Rec['authRequirement'], ca: CaKey): void {
    rec.errorCode = code;
    rec.auth = auth;
    rec.authRequirement = req;
    rec.ca = ca;
    rec.additionalDetails = additionalDetailsFor(code, auth);
  }

  private servicePrincipal(t: number): Rec {
    const rng = this.rng;
    const sps = this.tenant.servicePrincipals;
    const sp: SpApp = rng.weighted(this.spWeights ??= sps.map((s) => [s, s.rate] as const));
    const where = rng.pick(sp.ips);
    const { id, uti } = rng.requestId();
    const failed = sp.sp.credentialType === 'clientSecret' && rng.chance(0.01);
    return {
      type: 'servicePrincipal', t, id, uti, correlationId: rng.guid(), sessionId: '',
      who: null, sp: sp.sp, app: sp.sp.app, resource: rng.pick(sp.resources),
      ip: where.ip, place: where.place, asn: where.asn,
      errorCode: failed ? 7000215 : 0, reason: null, additionalDetails: null, clientApp: '', userAgent: '', device: unregistered(''), browser: '',
      authRequirement: 'singleFactorAuthentication', auth: 'client', mfaMethod: '', ca: 'none',
      protocol: 'none', incomingTokenType: 'none', transferMethod: 'none', latency: latency(rng, false), risk: null,
    };
  }
}
