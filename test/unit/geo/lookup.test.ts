import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asnOrg, lookupAsn } from '../../../main/geo/asn';
import { parseIp } from '../../../main/geo/ip-class';
import { bundledIpDatabase, customIpDatabase, GeoDatabaseError } from '../../../main/geo/ipdb';
import { lookupIp } from '../../../main/geo/lookup';
import { CURATED_ASNS, type NetworkKind } from '../../../main/geo/networks';
import { tempDir } from '../helpers';
import { writeMmdb } from './mmdb-writer';

const kinds = new Map<number, NetworkKind>(CURATED_ASNS.map((e) => [e.asn, e.kind]));

describe('IP classes', () => {
  it.each([
    ['8.8.8.8', 'public', 4],
    ['10.20.30.40', 'private', 4],
    ['172.16.0.1', 'private', 4],
    ['172.32.0.1', 'public', 4],
    ['192.168.1.1', 'private', 4],
    ['100.64.0.1', 'private', 4], // carrier-grade NAT
    ['127.0.0.1', 'reserved', 4],
    ['169.254.10.1', 'reserved', 4],
    ['192.0.2.15', 'reserved', 4], // documentation
    ['203.0.113.9', 'reserved', 4],
    ['224.0.0.251', 'reserved', 4],
    ['255.255.255.255', 'reserved', 4],
    ['0.0.0.0', 'reserved', 4],
    ['::ffff:10.0.0.1', 'private', 4], // IPv4-mapped IPv6 is classified as its IPv4
    ['::ffff:8.8.4.4', 'public', 4],
    ['2a02:6b8::2:242', 'public', 6],
    ['2001:db8::1', 'reserved', 6],
    ['fd12:3456::1', 'private', 6],
    ['fe80::1%eth0', 'reserved', 6],
    ['::1', 'reserved', 6],
    ['ff02::1', 'reserved', 6],
    ['not an ip', 'invalid', null],
    ['', 'invalid', null],
    ['999.1.1.1', 'invalid', null],
  ])('%s is %s', (ip, cls, version) => {
    expect(parseIp(ip)).toMatchObject({ class: cls, version });
  });
});

describe('offline lookups (bundled DB-IP Lite City and ASN data)', () => {
  const db = bundledIpDatabase();

  it.each([
    // Each answer is what the bundled databases hold for a well-known address.
    ['8.8.8.8', 15169, 'Google LLC', 'US', 'Mountain View', null],
    ['1.1.1.1', 13335, 'Cloudflare, Inc.', 'AU', 'Sydney', 'vpn'],
    ['77.88.55.242', 13238, 'YANDEX LLC', 'RU', 'Moscow', null],
    ['2a02:6b8::2:242', 13238, 'YANDEX LLC', 'RU', 'Moscow', null],
    ['185.220.101.4', 60729, 'Stiftung Erneuerbare Freiheit', 'DE', 'Berlin', 'anonymizer'],
    ['::ffff:8.8.8.8', 15169, 'Google LLC', 'US', 'Mountain View', null],
  ])('%s -> AS%i %s, %s (%s)', (ip, asn, org, cc, city, kind) => {
    const r = lookupIp(ip, db, kinds);
    expect(r).toMatchObject({ ipClass: 'public', asn, asOrg: org, countryCode: cc, city, networkKind: kind, radiusKm: 50 });
    expect(r.lat).toEqual(expect.any(Number));
    expect(r.ipDb).toMatch(/^dbip-city-lite \d{4}-\d{2}$/);
  });

  it('places an address where the database says (Moscow for a Yandex address)', () => {
    const r = lookupIp('77.88.55.242', db, kinds);
    expect(r.lat).toBeCloseTo(55.756, 1);
    expect(r.lon).toBeCloseTo(37.617, 1);
  });

  it.each(['10.1.2.3', '192.168.0.10', '127.0.0.1', 'fd00::1', 'fe80::1', '2001:db8::5', '0.0.0.0'])('never locates %s (private or reserved)', (ip) => {
    const r = lookupIp(ip, db, kinds);
    expect(r.ipClass).not.toBe('public');
    expect([r.lat, r.lon, r.radiusKm, r.asn, r.countryCode]).toEqual([null, null, null, null, null]);
  });

  it('finds ASNs in both families and names an AS by its own largest range', () => {
    expect(lookupAsn(parseIp('2001:4860:4860::8888'))).toMatchObject({ asn: 15169 });
    expect(lookupAsn(parseIp('10.0.0.1'))).toBeNull();
    expect(asnOrg(14061)).toMatch(/DigitalOcean/);
    expect(asnOrg(4_000_000_000)).toBeNull();
  });
});

describe('an analyst’s own MaxMind database', () => {
  const geoip2 = writeMmdb([
    {
      cidr: '81.2.69.160/27',
      data: {
        city: { geoname_id: { uint: 2643743, bytes: 4 }, names: { en: 'London' } },
        country: { iso_code: 'GB', names: { en: 'United Kingdom' } },
        location: { accuracy_radius: { uint: 10, bytes: 2 }, latitude: 51.5142, longitude: -0.0931 },
        subdivisions: [{ iso_code: 'ENG', names: { en: 'England' } }],
      },
    },
    { cidr: '2001:4860::/32', data: { country: { iso_code: 'US', names: { en: 'United States' } }, location: { accuracy_radius: { uint: 1000, bytes: 2 }, latitude: 37.751, longitude: -97.822 } } },
    // A record at 0,0 must never become a point.
    { cidr: '5.5.5.0/24', data: { country: { iso_code: 'DE' }, location: { accuracy_radius: { uint: 5, bytes: 2 }, latitude: 0, longitude: 0 } } },
  ]);

  it('reads GeoIP2 City records: city, subdivision, country, coordinates and accuracy radius', () => {
    const file = path.join(tempDir(), 'GeoLite2-City.mmdb');
    fs.writeFileSync(file, geoip2);
    const db = customIpDatabase(file);
    expect(db.kind).toBe('custom');
    expect(db.id).toMatch(/^custom GeoLite2-City\.mmdb \(GeoLite2-City, 2026-01-15\)$/);
    expect(lookupIp('81.2.69.170', db, kinds)).toMatchObject({ city: 'London', region: 'England', countryCode: 'GB', lat: 51.5142, lon: -0.0931, radiusKm: 10, asn: 20712 });
    // Country-level answer: the radius the file gives.
    expect(lookupIp('2001:4860:4860::8888', db, kinds)).toMatchObject({ city: null, countryCode: 'US', radiusKm: 1000 });
    // Not in the file: no location (the bundled database is not consulted instead).
    expect(lookupIp('8.8.8.8', db, kinds)).toMatchObject({ lat: null, countryCode: null, asn: 15169 });
    expect(lookupIp('5.5.5.5', db, kinds)).toMatchObject({ countryCode: 'DE', lat: null, lon: null });
  });

  it('refuses a file that is not a city database, with the reason', () => {
    const dir = tempDir();
    const asnDb = path.join(dir, 'GeoLite2-ASN.mmdb');
    fs.writeFileSync(asnDb, writeMmdb([{ cidr: '8.8.8.0/24', data: { autonomous_system_number: { uint: 15169, bytes: 4 } } }], 'GeoLite2-ASN'));
    expect(() => customIpDatabase(asnDb)).toThrow(/GeoLite2-ASN database; Sightline needs a City or Country database/);
    const junk = path.join(dir, 'junk.mmdb');
    fs.writeFileSync(junk, 'not a database');
    expect(() => customIpDatabase(junk)).toThrow(GeoDatabaseError);
    expect(() => customIpDatabase(path.join(dir, 'missing.mmdb'))).toThrow(/no IP database at/);
  });
});
