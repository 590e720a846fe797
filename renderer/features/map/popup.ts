// Popup and tooltip content for the map, built as DOM nodes with textContent only: places, IPs,
// AS names, users and apps are log text an attacker can control, so nothing here is ever parsed
// as HTML (Leaflet appends a node it is given; it would innerHTML a string).
import type { MapLocation, TravelLeg } from '../../../preload/contract';
import { formatTime, type TimeZoneMode } from '../../time';
import { SPEED_WORDS, legFigures, mixText, outcomeMix, placeText } from './encoding';

type Attrs = { className?: string; testId?: string; title?: string };

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string | null, attrs: Attrs = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (attrs.className) node.className = attrs.className;
  if (attrs.testId) node.dataset['testid'] = attrs.testId;
  if (attrs.title) node.title = attrs.title;
  return node;
}

function button(text: string, title: string, onClick: () => void, testId?: string): HTMLButtonElement {
  const b = el('button', text, { className: 'link', title, ...(testId ? { testId } : {}) });
  b.type = 'button';
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    onClick();
  });
  return b;
}

const SOURCE_WORDS: Record<string, string> = { record: "the record's coordinates", gazetteer: 'the place name (gazetteer)', ipdb: 'the IP database' };

export type LocationActions = {
  /** Narrows the grid to one address. */
  filterIp(ip: string): void;
  /** Shows one user's travel. */
  travel(user: string): void;
  /** Narrows the grid to one app. */
  filterApp(app: string): void;
};

/** The popup of one location: counts, where the location came from, the top IPs, users and apps. */
export function locationPopup(l: MapLocation, actions: LocationActions, note: string | null): HTMLElement {
  const root = el('div', null, { className: 'map-popup', testId: 'map-popup' });
  root.append(el('div', placeText(l), { className: 'map-popup-title' }));
  root.append(el('div', `${l.count.toLocaleString('en-US')} sign-in${l.count === 1 ? '' : 's'}: ${mixText(outcomeMix(l))}`));
  const sources = l.sources.map((s) => SOURCE_WORDS[s] ?? s).join(', ');
  root.append(el('div', `Located from ${sources}, within about ${Math.round(l.radiusKm).toLocaleString('en-US')} km`, { className: 'muted-line' }));
  if (l.trustedPlace) root.append(el('div', `Trusted place: ${l.trustedPlace}`, { className: 'trusted-line' }));
  if (note) root.append(el('div', note, { className: 'note-line' }));

  const section = (title: string, total: number, shown: number) =>
    el('div', `${title}${total > shown ? ` (top ${shown} of ${total.toLocaleString('en-US')})` : ` (${total.toLocaleString('en-US')})`}`, { className: 'map-popup-section' });

  root.append(section('Addresses', l.distinctIps, l.topIps.length));
  const ips = el('ul');
  for (const ip of l.topIps) {
    const li = el('li');
    li.append(button(ip.ip, 'Filter the grid to this address', () => actions.filterIp(ip.ip), 'popup-ip'));
    const facts = [`${ip.count.toLocaleString('en-US')}×`, ip.asn ? `AS${ip.asn}${ip.asOrg ? ` ${ip.asOrg}` : ''}` : null, ip.networkKind, ip.trusted ? `trusted: ${ip.trusted}` : null].filter(Boolean);
    li.append(el('span', ` ${facts.join(' · ')}`, { className: 'muted-line' }));
    ips.append(li);
  }
  root.append(ips);

  root.append(section('Users', l.distinctUsers, l.topUsers.length));
  const users = el('ul');
  for (const u of l.topUsers) {
    const li = el('li');
    li.append(button(u.user, "Show this user's travel", () => actions.travel(u.user), 'popup-user'));
    li.append(el('span', ` ${u.count.toLocaleString('en-US')}×`, { className: 'muted-line' }));
    users.append(li);
  }
  root.append(users);

  if (l.topApps.length) {
    root.append(el('div', 'Apps', { className: 'map-popup-section' }));
    const apps = el('ul');
    for (const a of l.topApps) {
      const li = el('li');
      li.append(button(a.app, 'Filter the grid to this app', () => actions.filterApp(a.app), 'popup-app'));
      li.append(el('span', ` ${a.count.toLocaleString('en-US')}×`, { className: 'muted-line' }));
      apps.append(li);
    }
    root.append(apps);
  }
  return root;
}

/** The hover text of a location or a cluster. */
export function locationTooltip(title: string, count: number, mix: string, places?: number): HTMLElement {
  const root = el('div', null, { className: 'map-tip' });
  root.append(el('strong', title));
  root.append(el('div', `${count.toLocaleString('en-US')} sign-in${count === 1 ? '' : 's'}${places ? ` at ${places.toLocaleString('en-US')} locations` : ''}: ${mix}`));
  if (places) root.append(el('div', 'Click to zoom in', { className: 'muted-line' }));
  return root;
}

/** A leg's label (permanent on small sets, on hover otherwise): where, how far, how fast, the verdict. */
export function legLabel(leg: TravelLeg): HTMLElement {
  const root = el('div', null, { className: `leg-label leg-${leg.speedClass}` });
  root.append(el('span', `${legFigures(leg)} · ${SPEED_WORDS[leg.speedClass]}`));
  return root;
}

export function legTooltip(leg: TravelLeg, tz: TimeZoneMode): HTMLElement {
  const root = el('div', null, { className: 'map-tip' });
  root.append(el('strong', `${placeText(leg.from)} → ${placeText(leg.to)}`));
  root.append(el('div', `${legFigures(leg)} · ${SPEED_WORDS[leg.speedClass]}`));
  root.append(el('div', `${formatTime(leg.from.time, tz)} → ${formatTime(leg.to.time, tz)}`, { className: 'muted-line' }));
  for (const a of leg.annotations) root.append(el('div', a, { className: 'note-line' }));
  return root;
}
