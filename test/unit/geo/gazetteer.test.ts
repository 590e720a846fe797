import { describe, expect, it } from 'vitest';
import { greatCircleKm } from '../../../main/geo/distance';
import { countryExtent, lookupPlace, normalizePlaceName, parseLocationText } from '../../../main/geo/gazetteer';
import { PLACES } from '../../../main/generate/catalog';

describe('the gazetteer reads the admin center’s "City, State, CC" locations', () => {
  it.each([
    // [portal Location text, expected lat, lon] (GeoNames coordinates, within a few km)
    ['Seattle, Washington, US', 47.606, -122.332],
    ['Redmond, Washington, US', 47.674, -122.121],
    ['Portland, Oregon, US', 45.523, -122.676], // not Portland, Maine, nor the smaller namesakes
    ['Portland, Maine, US', 43.661, -70.255], // the state settles US namesakes
    ['New York, New York, US', 40.714, -74.006], // GeoNames calls it New York City
    ['St Louis, Missouri, US', 38.627, -90.198], // "St. Louis"
    ['Sao Paulo, Sao Paulo, BR', -23.548, -46.636], // "São Paulo": diacritics do not matter
    ['Zurich, Zurich, CH', 47.367, 8.55], // "Zürich"
    ['Frankfurt am Main, Hesse, DE', 50.116, 8.684],
    ['Tokyo, Tokyo, JP', 35.69, 139.692],
    ['Honolulu, Hawaii, US', 21.307, -157.858],
    ['Moscow, Moscow, RU', 55.752, 37.616],
    ['Nuremberg, Bavaria, DE', 49.454, 11.079], // English name; GeoNames: Nürnberg
    ['Kiev, Kyiv City, UA', 50.454, 30.524], // former spelling
  ])('%s', (text, lat, lon) => {
    const { city, state, country } = parseLocationText(text);
    const hit = lookupPlace(city, state, country);
    expect(hit).toMatchObject({ level: 'city', radiusKm: 50, countryCode: country });
    expect(greatCircleKm(hit!.lat, hit!.lon, lat, lon)).toBeLessThan(5);
  });

  it('splits the text like the portal reader: the last part is the country code', () => {
    expect(parseLocationText('Seattle, Washington, US')).toEqual({ city: 'Seattle', state: 'Washington', country: 'US' });
    expect(parseLocationText('US')).toEqual({ city: null, state: null, country: 'US' });
    expect(parseLocationText('Ha Noi, , VN')).toEqual({ city: 'Ha Noi', state: null, country: 'VN' });
  });

  it('every place the generator writes resolves to its own coordinates', () => {
    const far = Object.entries(PLACES)
      .map(([key, p]) => ({ key, hit: lookupPlace(p.city, p.state, p.country), p }))
      .filter(({ hit, p }) => !hit || hit.level !== 'city' || greatCircleKm(hit.lat, hit.lon, p.lat, p.lon) > 30)
      .map(({ key, hit }) => `${key}: ${JSON.stringify(hit)}`);
    expect(far).toEqual([]);
  });

  it('a country alone (or an unknown city) gives the country, with a radius that covers it', () => {
    const us = lookupPlace(null, null, 'US')!;
    expect(us).toMatchObject({ level: 'country', countryCode: 'US' });
    expect(us.radiusKm).toBeGreaterThan(1000);
    expect(lookupPlace('Nowhereville', 'Nowhere', 'FR')).toMatchObject({ level: 'country', countryCode: 'FR' });
    expect(lookupPlace('Nowhereville', null, 'FR', { countryFallback: false })).toBeNull();
    expect(countryExtent('SG')!.radiusKm).toBeLessThan(100);
  });

  it('gives nothing for an empty or malformed place (never 0,0)', () => {
    expect(lookupPlace(null, null, null)).toBeNull();
    expect(lookupPlace('Seattle', 'Washington', '')).toBeNull();
    expect(lookupPlace('Seattle', null, 'United States')).toBeNull();
    expect(lookupPlace(null, null, 'ZZ')).toBeNull();
  });

  it('normalizes names for matching', () => {
    expect(normalizePlaceName('São Paulo')).toBe('sao paulo');
    expect(normalizePlaceName('Saint-Étienne')).toBe('st etienne');
    expect(normalizePlaceName("  St. John's ")).toBe('st johns');
  });
});
