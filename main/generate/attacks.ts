// Planted incidents. Each kind follows the logic and thresholds of its detection in
// ../shared/reference/detections.md, uses attacker-looking infrastructure (hosting, VPN, Tor, residential
// proxies in countries the tenant never uses) and plausible tooling user agents, and reports every
// request id it planted so detection tests can measure precision and recall.
//
// Each kind draws from its own PRNG stream and its own victim, so selecting more or fewer kinds does not
// change the others. Victims are members without business trips; anchors (the victim's own, legitimate
// looking sign-ins that complete a pattern, e.g. the first half of an impossible-travel pair) are planted
// too and listed in both requestIds and anchorRequestIds.
import { APPS, CLIENT_APPS, COUNTRY_NETS, PLACES, USER_AGENTS, type App, type HostingKey, type Place } from './catalog';
import { additionalDetailsFor } from './derive';
import { Rng } from './prng';
import { unregistered, type Identity, type Rec, type ServicePrincipal } from './record';
import { DAY, dayContext, distanceKm, HOUR, hostingIp, ipIn, rhythm, type DayContext, type Tenant, type User } from './tenant';

export const ATTACK_KINDS = [
  'password-spray',
  'brute-force-then-success',
  'mfa-fatigue',
  'impossible-travel',
  'legacy-auth',
  'device-code-phishing',
  'token-replay',
  'hosting-asn',
  'new-country',
  'mfa-denied-or-fraud',
  'distributed-password-cracking',
  'success-then-fail-different-ip',
  'disabled-account-probing',
  'user-enumeration',
  'ca-failure-multiple-ips',
  'ropc-sign-in',
  'aitm-officehome',
  'suspicious-client',
  'identity-protection-risk',
  'seamless-sso-spray',
  'workload-identity-anomaly',
] as const;

export type AttackKind = (typeof ATTACK_KINDS)[number];

/** The detection (detections.md id) each kind is built for, where the names differ. */
const DETECTION: Partial<Record<AttackKind, string>> = { 'token-replay': 'prt-token-replay' };

export interface Incident {
  id: string;
  kind: AttackKind;
  detection: string;
  users: string[];
  ips: string[];
  from: string;
  to: string;
  requestIds: string[];
  anchorRequestIds: string[];
  description: string;
}

interface Net {
  ip: string;
  place: Place;
  asn: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const UA = {
  fasthttp: 'fasthttp',
  python: 'python-requests/2.32.3',
  bav2ropc: 'BAV2ROPC',
  oldChrome: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  chrome134: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0.0.0 Safari/537.36',
  powershell: 'Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.26100; en-US) PowerShell/7.5.3',
  azurehound: 'azurehound/v2.2.1',
} as const;

class Kit {
  readonly rng: Rng;
  readonly recs: Rec[] = [];
  readonly anchors: string[] = [];
  /** The attacker's session id; new() starts another. */
  session: string;

  constructor(readonly tenant: Tenant, readonly kind: AttackKind) {
    this.rng = Rng.from(tenant.seed, 'attack', kind);
    this.session = this.rng.guid();
  }

  newSession(): void {
    this.session = this.rng.guid();
  }

  add(t: number, who: Identity, net: Net, over: Partial<Rec> = {}, anchor = false): Rec {
    const { id, uti } = this.rng.requestId();
    const rec: Rec = {
      type: 'interactiveUser', t: Math.floor(t), id, uti, correlationId: this.rng.guid(), sessionId: this.session,
      who, sp: null, app: APPS.officeHome, resource: APPS.officeHome, ip: net.ip, place: net.place, asn: net.asn,
      errorCode: 0, reason: null, additionalDetails: null, clientApp: CLIENT_APPS.browser, userAgent: USER_AGENTS.chromeWin,
      device: unregistered('Windows10'), browser: 'Chrome 141.0.0', authRequirement: 'singleFactorAuthentication', auth: 'pwOk',
      mfaMethod: 'Mobile app notification', ca: 'notEvaluated', protocol: 'none', incomingTokenType: 'none', transferMethod: 'none',
      latency: 90 + this.rng.int(700), risk: null,
      ...over,
    };
    if (over.additionalDetails === undefined) rec.additionalDetails = additionalDetailsFor(rec.errorCode, rec.auth);
    if (rec.type !== 'interactiveUser' && over.latency === undefined) rec.latency = 15 + this.rng.int(200);
    this.recs.push(rec);
    if (anchor) this.anchors.push(rec.id);
    return rec;
  }

  /** A service principal's own sign-in (client credentials), as the baseline writes them. */
  addSp(t: number, sp: ServicePrincipal, net: Net, resource: App): Rec {
    const { id, uti } = this.rng.requestId();
    const rec: Rec = {
      type: 'servicePrincipal', t: Math.floor(t), id, uti, correlationId: this.rng.guid(), sessionId: '', who: null, sp, app: sp.app, resource,
      ip: net.ip, place: net.place, asn: net.asn, errorCode: 0, reason: null, additionalDetails: null, clientApp: '', userAgent: '',
      device: unregistered(''), browser: '', authRequirement: 'singleFactorAuthentication', auth: 'client', mfaMethod: '', ca: 'none',
      protocol: 'none', incomingTokenType: 'none', transferMethod: 'none', latency: 15 + this.rng.int(200), risk: null,
    };
    this.recs.push(rec);
    return rec;
  }

  hosting(key: HostingKey): Net {
    return hostingIp(this.rng, key);
  }

  residential(country: string): Net {
    const nets = COUNTRY_NETS[country]!;
    const net = this.rng.pick(nets.residential);
    const place = Object.values(PLACES).find((p) => p.country === country)!;
    return { ip: ipIn(this.rng, net), place, asn: net.asn };
  }

  /** A start time in [from + lead, to - duration), uniformly. */
  start(duration: number, lead = DAY): number {
    const { from, to } = this.tenant;
    const lo = from + Math.min(lead, (to - from) * 0.3);
    const hi = to - duration - 5 * MINUTE;
    return hi <= lo ? from + 5 * MINUTE : lo + this.rng.float() * (hi - lo);
  }

  /**
   * A time when the user is at work at their base (a working hour, not on leave), at least `lead` after the
   * range start and leaving `duration` before its end; falls back to start().
   */
  workTime(user: User, duration: number, lead = DAY, localHours: [number, number] | null = null, weekend = false): number {
    const { from, to } = this.tenant;
    const first = Math.ceil((from + Math.min(lead, (to - from) * 0.3) - from) / HOUR);
    const last = Math.floor((to - duration - HOUR - from) / HOUR);
    for (let i = 0; i < 500 && last > first; i++) {
      const hourStart = from + this.rng.between(first, last) * HOUR;
      const rh = rhythm(user, hourStart);
      if (!rh || rh.trip) continue;
      const weekday = (((rh.localDay + 4) % 7) + 7) % 7;
      const isWeekend = weekday === 0 || weekday === 6;
      if (localHours) {
        if (rh.localHour < localHours[0] || rh.localHour >= localHours[1] || isWeekend !== weekend) continue;
      } else if (rh.wi < 0.9 * user.activity || isWeekend) continue;
      if (dayContext(this.tenant, user, rh.localDay, null).pto) continue;
      return hourStart + this.rng.int(40 * MINUTE);
    }
    return this.start(duration, lead);
  }

  /** The user's own network context at time t (their laptop at the office or at home). */
  ctx(user: User, t: number): DayContext {
    const hourStart = this.tenant.from + Math.floor((t - this.tenant.from) / HOUR) * HOUR;
    const rh = rhythm(user, hourStart);
    const local = t + user.base.tz * HOUR;
    return dayContext(this.tenant, user, rh ? rh.localDay : Math.floor(local / DAY), null);
  }
}

type Story = { users: string[]; ips: string[]; description: string };
type Attack = (kit: Kit, victim: User, tenant: Tenant) => Story;

const members = (tenant: Tenant) => tenant.active.filter((u) => u.type === 'member');
const uniq = <T>(xs: T[]) => [...new Set(xs)];
const fmt = (t: number) => new Date(t).toISOString();

/** A VPN exit in or near the victim's country, as MFA-fatigue and AiTM operators like. */
function vpnNear(kit: Kit, user: User): Net {
  const c = user.base.country;
  if (c === 'GB' || c === 'IE') return kit.hosting('m247Lon');
  if (c === 'US' || c === 'CA') return kit.hosting('datacampNyc');
  return kit.hosting('m247Buh');
}

const ATTACKS: Record<AttackKind, Attack> = {
  'password-spray': (kit, _victim, tenant) => {
    const rng = kit.rng;
    const ips = [kit.hosting('vultr'), kit.hosting('vultr'), kit.hosting('vultr')];
    const targets = members(tenant);
    const span = Math.min(3 * DAY, (tenant.to - tenant.from) * 0.4);
    const rounds = 8;
    const start = kit.start(span);
    const hit = rng.int(targets.length);
    const hitRound = 3;
    const users: string[] = [];
    for (let r = 0; r < rounds; r++) {
      const net = ips[r % ips.length]!;
      let t = start + (r * span) / rounds + rng.range(0, span / rounds / 4);
      const batch = rng.sample(targets, Math.min(targets.length, rng.between(7, 11)));
      if (r === hitRound && !batch.includes(targets[hit]!)) batch.push(targets[hit]!);
      for (const user of batch) {
        t += rng.range(35, 95) * SECOND;
        const over: Partial<Rec> = { app: APPS.office, resource: APPS.graph, clientApp: CLIENT_APPS.modern, userAgent: UA.fasthttp, browser: '', protocol: 'ropc', device: unregistered(''), auth: 'pwFail', errorCode: 50126 };
        if (r === hitRound && user === targets[hit]) Object.assign(over, { errorCode: 50076, auth: 'pwMfaRequired', authRequirement: 'multiFactorAuthentication', ca: 'mfaOk' });
        else if (r >= rounds - 2 && rng.chance(0.3)) Object.assign(over, { errorCode: 50053, auth: 'none', reason: 'Sign-in was blocked because it came from an IP address with malicious activity' });
        kit.add(t, user, net, over);
        users.push(user.upn);
      }
    }
    return {
      users: uniq(users),
      ips: ips.map((n) => n.ip),
      description: `Low-and-slow password spray: ${rounds} rounds over ${Math.round(span / HOUR)} h from ${ips.length} Vultr addresses (AS20473), 7-11 accounts per round inside 20 minutes, ROPC with user agent "fasthttp". Mostly 50126; Smart Lockout answers 50053 in the last rounds; one account's password was right (50076, MFA required).`,
    };
  },

  'brute-force-then-success': (kit, victim) => {
    const rng = kit.rng;
    const net = kit.hosting('hetzner');
    let t = kit.start(2 * HOUR);
    const fails = rng.between(26, 34);
    const base: Partial<Rec> = { app: APPS.azurePortal, resource: APPS.azureManagement, userAgent: UA.oldChrome, browser: 'Chrome 120.0.0' };
    for (let i = 0; i < fails; i++) {
      kit.add(t, victim, net, { ...base, errorCode: 50126, auth: 'pwFail' });
      t += rng.range(40, 110) * SECOND;
    }
    kit.add(t, victim, net, { ...base, errorCode: 0, auth: 'pwOk', ca: 'excluded' });
    for (let i = 0; i < 3; i++) {
      t += rng.range(2, 9) * MINUTE;
      kit.add(t, victim, net, { ...base, type: 'nonInteractiveUser', auth: 'claim1fa', incomingTokenType: 'refreshToken', ca: 'excluded' });
    }
    return {
      users: [victim.upn],
      ips: [net.ip],
      description: `Brute force against the Azure Portal: ${fails} wrong passwords (50126) from one Hetzner address (AS24940) about a minute apart, then a single-factor success from the same address (the account is outside the MFA policy), followed by token refreshes.`,
    };
  },

  'mfa-fatigue': (kit, victim) => {
    const rng = kit.rng;
    const net = vpnNear(kit, victim);
    let t = kit.workTime(victim, HOUR, DAY, [21, 23.5]);
    const first = t;
    const denials = rng.between(12, 14);
    const base: Partial<Rec> = { app: APPS.officeHome, resource: APPS.officeHome, authRequirement: 'multiFactorAuthentication', errorCode: 500121 };
    for (let i = 0; i < denials; i++) {
      kit.add(t, victim, net, { ...base, auth: i % 5 === 3 ? 'mfaNoResponse' : 'mfaDenied' });
      t += rng.range(16, 20) * SECOND;
    }
    t = Math.min(t + 10 * SECOND, first + 4.8 * MINUTE);
    kit.add(t, victim, net, { ...base, errorCode: 0, auth: 'pwMfa', ca: 'mfaOk' });
    for (let i = 0; i < 4; i++) {
      t += rng.range(1, 6) * MINUTE;
      kit.add(t, victim, net, { ...base, type: 'nonInteractiveUser', errorCode: 0, auth: 'claim', ca: 'mfaOk', resource: i % 2 ? APPS.sharePoint : APPS.exchange, incomingTokenType: 'refreshToken' });
    }
    return {
      users: [victim.upn],
      ips: [net.ip],
      description: `MFA fatigue late in the victim's evening: ${denials} push notifications denied or ignored (500121, "MFA denied; user declined the authentication") within five minutes from one VPN exit (AS${net.asn}), then the user approved one ("MFA successfully completed") and the attacker's session refreshed tokens.`,
    };
  },

  'impossible-travel': (kit, victim) => {
    const rng = kit.rng;
    const t0 = kit.workTime(victim, 3 * HOUR);
    const ctx = kit.ctx(victim, t0);
    kit.add(t0, victim, { ip: ctx.laptopIp, place: ctx.place, asn: ctx.laptopAsn }, {
      sessionId: ctx.laptopSession, userAgent: victim.browserUa, browser: victim.browserName, device: victim.laptop ?? unregistered(victim.os),
      auth: 'claim', authRequirement: 'multiFactorAuthentication', ca: 'mfaOk',
    }, true);
    const far = (['BR', 'NG', 'ID', 'VN', 'CO'] as const).filter((c) => distanceKm(Object.values(PLACES).find((p) => p.country === c)!, victim.base) >= 5000);
    const net = kit.residential(rng.pick(far.length ? far : ['BR']));
    let t = t0 + rng.range(25, 50) * MINUTE;
    kit.add(t, victim, net, { auth: 'claim', authRequirement: 'multiFactorAuthentication', ca: 'mfaOk' });
    for (let i = 0; i < 2; i++) {
      t += rng.range(3, 12) * MINUTE;
      kit.add(t, victim, net, { type: 'nonInteractiveUser', resource: APPS.exchange, auth: 'claim', authRequirement: 'multiFactorAuthentication', ca: 'mfaOk', incomingTokenType: 'refreshToken' });
    }
    const km = Math.round(distanceKm(ctx.place, net.place));
    return {
      users: [victim.upn],
      ips: [ctx.laptopIp, net.ip],
      description: `Impossible travel: a successful sign-in at ${ctx.place.city} (anchor, the user's own network) and ${Math.round((kit.recs[1]!.t - t0) / MINUTE)} minutes later a successful sign-in from ${net.place.city}, ${net.place.country} (${km} km away) with a replayed session (MFA satisfied by claim in the token).`,
    };
  },

  'legacy-auth': (kit, victim) => {
    const rng = kit.rng;
    const net = kit.hosting('ovh');
    let t = kit.start(4 * HOUR);
    const base: Partial<Rec> = { app: APPS.exchange, resource: APPS.exchange, userAgent: UA.bav2ropc, browser: '', device: unregistered(''), protocol: 'ropc', ca: 'legacy' };
    kit.add(t, victim, net, { ...base, clientApp: CLIENT_APPS.imap, errorCode: 50126, auth: 'pwFail', ca: 'notEvaluated' });
    const plan: string[] = [...Array(9).fill(CLIENT_APPS.imap), CLIENT_APPS.pop, CLIENT_APPS.pop, ...Array(5).fill(CLIENT_APPS.smtp)];
    for (const client of plan) {
      t += rng.range(4, 14) * MINUTE;
      kit.add(t, victim, net, { ...base, clientApp: client, errorCode: 0, auth: 'pwOk' });
    }
    return {
      users: [victim.upn],
      ips: [net.ip],
      description: 'Legacy authentication from an OVH address (AS16276): IMAP4 mailbox syncs, POP3 and Authenticated SMTP sends with basic auth (user agent BAV2ROPC, ROPC), single factor; the "Block legacy authentication" policy is report-only so they succeed.',
    };
  },

  'device-code-phishing': (kit, victim) => {
    const rng = kit.rng;
    const net = kit.hosting('aws');
    let t = kit.workTime(victim, 3 * HOUR);
    const base: Partial<Rec> = { userAgent: UA.chrome134, browser: 'Chrome 134.0.0', clientApp: CLIENT_APPS.modern, transferMethod: 'deviceCodeFlow', authRequirement: 'multiFactorAuthentication', ca: 'mfaOk' };
    kit.add(t, victim, net, { ...base, app: APPS.broker, resource: APPS.deviceRegistration, protocol: 'deviceCode', auth: 'pwMfa' });
    const follow: [typeof APPS[keyof typeof APPS], typeof APPS[keyof typeof APPS]][] = [
      [APPS.broker, APPS.graph], [APPS.office, APPS.exchange], [APPS.office, APPS.sharePoint], [APPS.broker, APPS.graph], [APPS.office, APPS.exchange],
    ];
    for (const [app, resource] of follow) {
      t += rng.range(5, 25) * MINUTE;
      kit.add(t, victim, net, { ...base, type: 'nonInteractiveUser', app, resource, auth: 'claim', incomingTokenType: 'refreshToken' });
    }
    return {
      users: [victim.upn],
      ips: [net.ip],
      description: 'Device-code phishing: the victim entered an attacker\'s device code; the sign-in (authenticationProtocol deviceCode, originalTransferMethod deviceCodeFlow) for the Microsoft Authentication Broker to the Device Registration Service came from an AWS address (AS16509), and the refresh token was then used from the same address for Graph, Exchange and SharePoint.',
    };
  },

  'token-replay': (kit, victim) => {
    const rng = kit.rng;
    const device = victim.laptop?.kind === 'windows' ? victim.laptop : (victim.laptop ?? unregistered('Windows10'));
    const t0 = kit.workTime(victim, 4 * HOUR);
    const ctx = kit.ctx(victim, t0);
    const home: Net = { ip: ctx.laptopIp, place: ctx.place, asn: ctx.laptopAsn };
    kit.add(t0, victim, home, {
      sessionId: ctx.laptopSession, app: APPS.windowsSignIn, resource: APPS.aad, clientApp: CLIENT_APPS.modern, userAgent: USER_AGENTS.wam,
      browser: 'Rich Client 5.4.0.0', device, protocol: 'oAuth2', auth: 'whfb', authRequirement: 'multiFactorAuthentication', ca: 'mfaOk',
    }, true);
    const net = kit.hosting('linode');
    let t = t0 + rng.range(30, 90) * MINUTE;
    const replay: Partial<Rec> = {
      sessionId: ctx.laptopSession, device, clientApp: CLIENT_APPS.modern, browser: 'Rich Client 5.4.0.0', resource: APPS.graph,
      incomingTokenType: 'primaryRefreshToken', auth: 'claim', authRequirement: 'multiFactorAuthentication', ca: 'mfaOk',
    };
    kit.add(t, victim, net, { ...replay, app: APPS.graphCli, userAgent: UA.powershell, protocol: 'oAuth2' });
    const apps = [[APPS.azurePowerShell, UA.powershell], [APPS.azureCli, USER_AGENTS.azureCli], [APPS.azurePowerShell, UA.powershell]] as const;
    for (const [app, ua] of apps) {
      t += rng.range(4, 20) * MINUTE;
      kit.add(t, victim, net, { ...replay, type: 'nonInteractiveUser', app, userAgent: ua });
    }
    return {
      users: [victim.upn],
      ips: [home.ip, net.ip],
      description: `Primary Refresh Token replay: the victim's Windows Sign In on device ${device.displayName || device.deviceId} (anchor, session ${ctx.laptopSession}) and, within two hours, the same session and device claims used by Microsoft Graph Command Line Tools, Azure PowerShell and Azure CLI (incomingTokenType primaryRefreshToken) from a Linode address in Singapore (AS63949).`,
    };
  },

  'hosting-asn': (kit, victim) => {
    const rng = kit.rng;
    const net = kit.hosting('digitalOceanFra');
    let t = kit.workTime(victim, 2 * HOUR);
    kit.add(t, victim, net, { auth: 'claim', authRequirement: 'multiFactorAuthentication', ca: 'mfaOk', userAgent: victim.browserUa, browser: victim.browserName, device: unregistered(victim.os) });
    for (let i = 0; i < 3; i++) {
      t += rng.range(2, 15) * MINUTE;
      kit.add(t, victim, net, { type: 'nonInteractiveUser', resource: i === 1 ? APPS.sharePoint : APPS.exchange, auth: 'claim', authRequirement: 'multiFactorAuthentication', ca: 'mfaOk', userAgent: victim.browserUa, browser: victim.browserName, device: unregistered(victim.os), incomingTokenType: 'refreshToken' });
    }
    return {
      users: [victim.upn],
      ips: [net.ip],
      description: 'Successful sign-in and token refreshes from a DigitalOcean droplet in Frankfurt (AS14061), MFA satisfied only by a claim in the token.',
    };
  },

  'new-country': (kit, victim) => {
    const rng = kit.rng;
    const country = rng.pick(['VN', 'ID', 'TR', 'CO'] as const);
    const net = kit.residential(country);
    let t = kit.workTime(victim, 2 * HOUR, 7 * DAY + HOUR, [10, 18], true);
    const history = Math.floor((t - kit.tenant.from) / DAY);
    kit.add(t, victim, net, { auth: 'pwMfa', authRequirement: 'multiFactorAuthentication', ca: 'mfaOk', userAgent: USER_AGENTS.chromeAndroid, browser: 'Chrome Mobile 141.0.0', device: unregistered('Android') });
    for (let i = 0; i < 2; i++) {
      t += rng.range(5, 20) * MINUTE;
      kit.add(t, victim, net, { type: 'nonInteractiveUser', resource: APPS.exchange, auth: 'claim', authRequirement: 'multiFactorAuthentication', ca: 'mfaOk', userAgent: USER_AGENTS.chromeAndroid, browser: 'Chrome Mobile 141.0.0', device: unregistered('Android'), incomingTokenType: 'refreshToken' });
    }
    return {
      users: [victim.upn],
      ips: [net.ip],
      description: `First successful sign-in ever from ${net.place.country} (${net.place.city}, residential AS${net.asn}) for this user, ${history >= 7 ? 'on a weekend ' : ''}after ${history} day(s) of history in the range, from an unregistered Android browser.`,
    };
  },

  'mfa-denied-or-fraud': (kit, victim) => {
    const net = kit.hosting('m247Buh');
    const t = kit.start(HOUR);
    const base: Partial<Rec> = { errorCode: 500121, authRequirement: 'multiFactorAuthentication' };
    kit.add(t, victim, net, { ...base, auth: 'mfaDenied' });
    kit.add(t + kit.rng.range(60, 150) * SECOND, victim, net, { ...base, auth: 'mfaFraud' });
    return {
      users: [victim.upn],
      ips: [net.ip],
      description: 'The user declined an unexpected MFA push and then reported the next one as fraud ("MFA denied; Phone App Reported Fraud", 500121) for a sign-in with the correct password from an M247 VPN exit in Bucharest (AS9009).',
    };
  },

  'distributed-password-cracking': (kit, victim) => {
    const rng = kit.rng;
    const t0 = kit.start(DAY);
    const dayStart = Math.floor(t0 / DAY) * DAY;
    const from = Math.max(dayStart, kit.tenant.from);
    const to = Math.min(dayStart + DAY, kit.tenant.to);
    const n = rng.between(34, 40);
    const times = Array.from({ length: n }, () => from + rng.float() * (to - from - MINUTE)).sort((a, b) => a - b);
    const countries = ['VN', 'ID', 'TR', 'CO', 'NG', 'BR'];
    const ips: string[] = [];
    times.forEach((t, i) => {
      const net = kit.residential(countries[i % countries.length]!);
      ips.push(net.ip);
      const locked = i >= 12 && rng.chance(0.25);
      kit.add(t, victim, net, { app: APPS.office, resource: APPS.graph, clientApp: CLIENT_APPS.modern, protocol: 'ropc', userAgent: UA.python, browser: '', device: unregistered(''), errorCode: locked ? 50053 : 50126, auth: locked ? 'none' : 'pwFail' });
    });
    return {
      users: [victim.upn],
      ips,
      description: `Distributed password cracking: ${n} failed sign-ins (50126, later 50053 lockouts) against one account within one UTC day, each from a different residential proxy address in ${countries.length} countries.`,
    };
  },

  'success-then-fail-different-ip': (kit, victim) => {
    const rng = kit.rng;
    const t0 = kit.workTime(victim, HOUR);
    const ctx = kit.ctx(victim, t0);
    const device = victim.laptop ?? unregistered(victim.os);
    kit.add(t0, victim, { ip: ctx.laptopIp, place: ctx.place, asn: ctx.laptopAsn }, {
      sessionId: ctx.laptopSession, app: APPS.teams, resource: APPS.teamsServices, clientApp: CLIENT_APPS.modern, device,
      userAgent: device.os === 'Windows10' ? USER_AGENTS.wam : USER_AGENTS.teamsMac, browser: 'Rich Client 5.4.0.0', protocol: 'oAuth2',
      auth: 'claim', authRequirement: 'multiFactorAuthentication', ca: 'mfaOk', incomingTokenType: device.os === 'Windows10' ? 'primaryRefreshToken' : 'none',
    }, true);
    const net = kit.hosting('contabo');
    let t = t0 + rng.range(2, 8) * MINUTE;
    for (let i = 0; i < 2; i++) {
      kit.add(t, victim, net, { app: APPS.teams, resource: APPS.teamsServices, clientApp: CLIENT_APPS.modern, userAgent: UA.python, browser: '', device: unregistered(''), protocol: 'ropc', errorCode: 50126, auth: 'pwFail' });
      t += rng.range(30, 90) * SECOND;
    }
    return {
      users: [victim.upn],
      ips: [ctx.laptopIp, net.ip],
      description: 'A success in Microsoft Teams from the user\'s own network (anchor) followed within ten minutes by wrong-password failures for the same app from a Contabo address (AS51167) in another /16: someone else is trying the account.',
    };
  },

  'disabled-account-probing': (kit, _victim, tenant) => {
    const rng = kit.rng;
    const net = kit.hosting('hetznerFsn');
    const disabled = tenant.users.filter((u) => u.disabled);
    const live = rng.sample(members(tenant), Math.max(1, Math.min(3, disabled.length)));
    let t = kit.start(3 * HOUR);
    const users: string[] = [];
    for (const user of disabled.slice(0, 3)) {
      for (let i = 0; i < 2; i++) {
        kit.add(t, user, net, { errorCode: 50057, auth: 'none', userAgent: UA.python, browser: '', device: unregistered(''), app: APPS.office, resource: APPS.exchange, clientApp: CLIENT_APPS.modern, protocol: 'ropc' });
        t += rng.range(1, 6) * MINUTE;
      }
      users.push(user.upn);
    }
    for (const user of live) {
      kit.add(t, user, net, { errorCode: 0, auth: 'pwMfa', authRequirement: 'multiFactorAuthentication', ca: 'mfaOk' });
      t += rng.range(5, 20) * MINUTE;
      users.push(user.upn);
    }
    return {
      users: uniq(users),
      ips: [net.ip],
      description: `One Hetzner address (AS24940) tried ${Math.min(3, disabled.length)} disabled accounts (50057) and signed in successfully to ${live.length} live ones: a credential list being worked through.`,
    };
  },

  'user-enumeration': (kit, _victim, tenant) => {
    const rng = kit.rng;
    const net = kit.hosting('vultr');
    const existing = new Set(tenant.users.map((u) => u.upn));
    const guesses = ['admin', 'administrator', 'it.support', 'helpdesk', 'finance', 'payroll', 'hr', 'info', 'ceo', 'office', 'backup', 'test', 'scanner', 'reception', 'accounts', 'sales'];
    const ghosts: Identity[] = guesses.map((g) => `${g}@${tenant.domain}`).filter((u) => !existing.has(u)).slice(0, rng.between(12, 15))
      .map((upn) => ({ id: '', upn, displayName: '', type: 'member' as const, homeTenantId: tenant.id, homeTenantName: tenant.name, crossTenant: 'none' as const }));
    const real = rng.sample(members(tenant), 4);
    const order = rng.sample([...ghosts, ...real], ghosts.length + real.length);
    let t = kit.start(HOUR);
    for (const who of order) {
      const ghost = who.id === '';
      kit.add(t, who, net, { app: APPS.office, resource: APPS.graph, clientApp: CLIENT_APPS.modern, protocol: 'ropc', userAgent: UA.python, browser: '', device: unregistered(''), errorCode: ghost ? 50034 : 50126, auth: ghost ? 'none' : 'pwFail' });
      t += rng.range(60, 180) * SECOND;
    }
    return {
      users: order.map((u) => u.upn),
      ips: [net.ip],
      description: `User enumeration: within an hour one Vultr address (AS20473) tried ${ghosts.length} role-style names that do not exist (50034) and ${real.length} that do (50126).`,
    };
  },

  'ca-failure-multiple-ips': (kit, victim) => {
    const rng = kit.rng;
    const nets = [kit.hosting('selectel'), kit.hosting('selectel'), kit.hosting('selectel')];
    let t = kit.start(2 * HOUR);
    for (let i = 0; i < 5; i++) {
      kit.add(t, victim, nets[i % nets.length]!, { errorCode: 53003, auth: 'pwOk', ca: 'blockedCountry', authRequirement: 'singleFactorAuthentication' });
      t += rng.range(4, 20) * MINUTE;
    }
    return {
      users: [victim.upn],
      ips: nets.map((n) => n.ip),
      description: 'Correct password, but Conditional Access ("Block sign-ins from sanctioned countries") blocked the sign-in (53003) five times from three Selectel addresses in Saint Petersburg (AS49505) with the same browser and OS.',
    };
  },

  'ropc-sign-in': (kit, victim) => {
    const rng = kit.rng;
    const net = kit.hosting('digitalOceanAms');
    let t = kit.start(HOUR);
    const base: Partial<Rec> = { app: APPS.aadPowerShell, resource: APPS.graph, clientApp: CLIENT_APPS.modern, protocol: 'ropc', userAgent: UA.python, browser: '', device: unregistered('') };
    kit.add(t, victim, net, { ...base, errorCode: 50126, auth: 'pwFail' });
    for (let i = 0; i < 2; i++) {
      t += rng.range(1, 10) * MINUTE;
      kit.add(t, victim, net, { ...base, errorCode: 0, auth: 'pwOk', ca: 'excluded' });
    }
    return {
      users: [victim.upn],
      ips: [net.ip],
      description: 'Resource Owner Password Credentials (ROPC) sign-ins to Microsoft Graph through the Azure Active Directory PowerShell client id from a DigitalOcean address (AS14061) with python-requests: single factor, no MFA possible.',
    };
  },

  'aitm-officehome': (kit, victim) => {
    const rng = kit.rng;
    const proxy = kit.hosting('vultr');
    let t = kit.workTime(victim, 3 * HOUR);
    const base: Partial<Rec> = { userAgent: victim.browserUa, browser: victim.browserName, device: unregistered(victim.os), authRequirement: 'multiFactorAuthentication', ca: 'mfaOk' };
    kit.add(t, victim, proxy, { ...base, errorCode: 50074, auth: 'pwMfaRequired' });
    t += rng.range(15, 35) * SECOND;
    kit.add(t, victim, proxy, { ...base, errorCode: 0, auth: 'pwMfa' });
    t += rng.range(5, 15) * SECOND;
    kit.add(t, victim, proxy, { ...base, errorCode: 50140, auth: 'pwMfa' });
    kit.newSession();
    const replay = kit.hosting('digitalOceanAms');
    t += rng.range(20, 90) * MINUTE;
    kit.add(t, victim, replay, { ...base, errorCode: 0, auth: 'claim' });
    for (let i = 0; i < 2; i++) {
      t += rng.range(2, 10) * MINUTE;
      kit.add(t, victim, replay, { ...base, type: 'nonInteractiveUser', resource: APPS.exchange, auth: 'claim', incomingTokenType: 'refreshToken' });
    }
    return {
      users: [victim.upn],
      ips: [proxy.ip, replay.ip],
      description: 'Adversary-in-the-middle phishing: OfficeHome sign-ins with no device id through a proxy on a Vultr address (50074, then success with MFA, then 50140), passing the victim\'s own user agent; the stolen session cookie was then used from a DigitalOcean address.',
    };
  },

  'suspicious-client': (kit, victim) => {
    const rng = kit.rng;
    const net = kit.hosting('hetzner');
    let t = kit.workTime(victim, 2 * HOUR);
    const base: Partial<Rec> = { app: APPS.azurePowerShell, resource: APPS.graph, clientApp: CLIENT_APPS.modern, userAgent: UA.azurehound, browser: '', device: unregistered(''), protocol: 'oAuth2', authRequirement: 'multiFactorAuthentication', ca: 'mfaOk' };
    kit.add(t, victim, net, { ...base, auth: 'claim' });
    for (let i = 0; i < 3; i++) {
      t += rng.range(1, 8) * MINUTE;
      kit.add(t, victim, net, { ...base, type: 'nonInteractiveUser', auth: 'claim', incomingTokenType: 'refreshToken' });
    }
    return {
      users: [victim.upn],
      ips: [net.ip],
      description: 'AzureHound collection: Microsoft Azure PowerShell tokens for Microsoft Graph used with user agent "azurehound/v2.2.1" from a Hetzner address (AS24940).',
    };
  },

  'identity-protection-risk': (kit, victim) => {
    const net = kit.hosting('tor');
    const t = kit.start(HOUR);
    kit.add(t, victim, net, { errorCode: 50126, auth: 'pwFail', risk: { level: 'medium', events: ['anonymizedIPAddress'] } });
    kit.add(t + kit.rng.range(2, 6) * MINUTE, victim, net, { errorCode: 0, auth: 'pwMfa', authRequirement: 'multiFactorAuthentication', ca: 'mfaOk', risk: { level: 'high', events: ['anonymizedIPAddress', 'unfamiliarFeatures'] } });
    return {
      users: [victim.upn],
      ips: [net.ip],
      description: 'Sign-ins from a Tor exit node that Identity Protection rated at risk (riskLevelDuringSignIn medium, then high; anonymizedIPAddress, unfamiliarFeatures; riskState atRisk).',
    };
  },

  'seamless-sso-spray': (kit, _victim, tenant) => {
    const rng = kit.rng;
    const net = kit.hosting('linode');
    const targets = rng.sample(members(tenant), Math.min(members(tenant).length, rng.between(8, 11)));
    let t = kit.start(2 * HOUR);
    for (const user of targets) {
      kit.add(t, user, net, {
        type: 'nonInteractiveUser', app: APPS.office, resource: APPS.aad, clientApp: CLIENT_APPS.modern, userAgent: 'Mozilla/5.0 (compatible; MSAL 1.0)',
        browser: '', device: unregistered(''), protocol: 'none', errorCode: 81016, auth: 'none', authRequirement: 'singleFactorAuthentication', ca: 'notEvaluated',
      });
      t += rng.range(2, 6) * MINUTE;
    }
    return {
      users: targets.map((u) => u.upn),
      ips: [net.ip],
      description: `Password spray against the Seamless SSO (desktop SSO) endpoint: ${targets.length} accounts got 81016 ("Invalid STS request") in non-interactive sign-ins within an hour from a Linode address (AS63949).`,
    };
  },

  'workload-identity-anomaly': (kit, _victim, tenant) => {
    const rng = kit.rng;
    // The backup connector (client secret): a new secret added by the attacker, used from a VPS.
    const target = tenant.servicePrincipals.find((s) => s.sp.credentialType === 'clientSecret' && s.ips.length > 1) ?? tenant.servicePrincipals[0]!;
    const stolen: ServicePrincipal = { ...target.sp, credentialKeyId: rng.guid() };
    const net = kit.hosting('ovh');
    const { from, to } = kit.tenant;
    // After the detection's 7 days of learning where the range allows it.
    const lo = from + Math.max(8 * DAY, (to - from) * 0.6);
    let t = lo < to - 3 * HOUR ? lo + rng.float() * (to - 3 * HOUR - lo) : from + (to - from) * 0.7;
    for (let i = 0; i < 5; i++) {
      kit.addSp(t, stolen, net, i % 2 ? APPS.exchange : APPS.graph);
      t += rng.range(3, 15) * MINUTE;
    }
    return {
      users: [target.sp.app.name.toLowerCase()],
      ips: [net.ip],
      description: `Service principal "${target.sp.app.name}" signed in five times with a client secret it had never used (credential key ${stolen.credentialKeyId}) from an OVH address (AS16276), a network it never used: a credential added by an attacker.`,
    };
  },
};

/** Members without trips, in a seed-dependent order: the victims, one per kind. */
function victimPool(tenant: Tenant): User[] {
  const pool = tenant.active.filter((u) => u.type === 'member' && u.trips.length === 0);
  return Rng.from(tenant.seed, 'victims').sample(pool.length ? pool : tenant.active, pool.length || tenant.active.length);
}

export interface AttackPlan {
  /** all planted records, newest first */
  recs: Rec[];
  incidents: Incident[];
}

export function planAttacks(tenant: Tenant, kinds: readonly AttackKind[]): AttackPlan {
  const pool = victimPool(tenant);
  const recs: Rec[] = [];
  const incidents: Incident[] = [];
  ATTACK_KINDS.forEach((kind, i) => {
    if (!kinds.includes(kind)) return;
    let victim = pool[i % pool.length]!;
    if (kind === 'token-replay') victim = [...pool.slice(i), ...pool.slice(0, i)].find((u) => u.laptop?.kind === 'windows') ?? victim;
    const kit = new Kit(tenant, kind);
    const story = ATTACKS[kind](kit, victim, tenant);
    kit.recs.sort((a, b) => a.t - b.t);
    for (const r of kit.recs) {
      if (r.t < tenant.from || r.t >= tenant.to) throw new Error(`internal: ${kind} planted a record outside the range (${fmt(r.t)})`);
    }
    incidents.push({
      id: `${kind}-1`,
      kind,
      detection: DETECTION[kind] ?? kind,
      users: uniq(story.users.map((u) => u.toLowerCase())),
      ips: uniq(story.ips),
      from: fmt(kit.recs[0]!.t),
      to: fmt(kit.recs[kit.recs.length - 1]!.t + 1),
      requestIds: kit.recs.map((r) => r.id),
      anchorRequestIds: kit.anchors,
      description: story.description,
    });
    recs.push(...kit.recs);
  });
  recs.sort((a, b) => b.t - a.t);
  return { recs, incidents };
}
