// Static reference data for the generator: places, networks, Microsoft first-party apps, user agents,
// error texts. Everything here is public knowledge; the data built from it is synthetic.
//
// About IP addresses: every address the generator writes is SYNTHETIC. Addresses are drawn at random
// inside /16 blocks that the named network announces (or announced) publicly, so they look like real
// office, home, carrier and hosting addresses and an offline ASN database places them plausibly; no
// address is taken from a real log, and no real person, company or attack is described. Private ranges
// (10/8, 172.16/12, 192.168/16) are never used for sign-ins.

export interface Place {
  city: string;
  state: string;
  /** ISO 3166 alpha-2 */
  country: string;
  lat: number;
  lon: number;
  /**
   * UTC offset in hours. Fixed offsets for the Northern-hemisphere summer / Southern winter season of the
   * default anchor (September-October); the generator does not model DST changes inside a range.
   */
  tz: number;
}

const P = (city: string, state: string, country: string, lat: number, lon: number, tz: number): Place => ({ city, state, country, lat, lon, tz });

export const PLACES = {
  seattle: P('Seattle', 'Washington', 'US', 47.6062, -122.3321, -7),
  portland: P('Portland', 'Oregon', 'US', 45.5152, -122.6784, -7),
  sanFrancisco: P('San Francisco', 'California', 'US', 37.7749, -122.4194, -7),
  denver: P('Denver', 'Colorado', 'US', 39.7392, -104.9903, -6),
  austin: P('Austin', 'Texas', 'US', 30.2672, -97.7431, -5),
  chicago: P('Chicago', 'Illinois', 'US', 41.8781, -87.6298, -5),
  newYork: P('New York', 'New York', 'US', 40.7128, -74.006, -4),
  toronto: P('Toronto', 'Ontario', 'CA', 43.6532, -79.3832, -4),
  ottawa: P('Ottawa', 'Ontario', 'CA', 45.4215, -75.6972, -4),
  london: P('London', 'England', 'GB', 51.5074, -0.1278, 1),
  manchester: P('Manchester', 'England', 'GB', 53.4808, -2.2426, 1),
  bristol: P('Bristol', 'England', 'GB', 51.4545, -2.5879, 1),
  dublin: P('Dublin', 'Dublin', 'IE', 53.3498, -6.2603, 1),
  cork: P('Cork', 'Cork', 'IE', 51.8985, -8.4756, 1),
  lisbon: P('Lisbon', 'Lisboa', 'PT', 38.7223, -9.1393, 1),
  berlin: P('Berlin', 'Berlin', 'DE', 52.52, 13.405, 2),
  munich: P('Munich', 'Bavaria', 'DE', 48.1351, 11.582, 2),
  hamburg: P('Hamburg', 'Hamburg', 'DE', 53.5511, 9.9937, 2),
  paris: P('Paris', 'Ile-de-France', 'FR', 48.8566, 2.3522, 2),
  lyon: P('Lyon', 'Auvergne-Rhone-Alpes', 'FR', 45.764, 4.8357, 2),
  amsterdam: P('Amsterdam', 'North Holland', 'NL', 52.3676, 4.9041, 2),
  utrecht: P('Utrecht', 'Utrecht', 'NL', 52.0907, 5.1214, 2),
  madrid: P('Madrid', 'Madrid', 'ES', 40.4168, -3.7038, 2),
  zurich: P('Zurich', 'Zurich', 'CH', 47.3769, 8.5417, 2),
  stockholm: P('Stockholm', 'Stockholm', 'SE', 59.3293, 18.0686, 2),
  sydney: P('Sydney', 'New South Wales', 'AU', -33.8688, 151.2093, 10),
  melbourne: P('Melbourne', 'Victoria', 'AU', -37.8136, 144.9631, 10),
  singapore: P('Singapore', 'Singapore', 'SG', 1.3521, 103.8198, 8),
  tokyo: P('Tokyo', 'Tokyo', 'JP', 35.6762, 139.6503, 9),
  osaka: P('Osaka', 'Osaka', 'JP', 34.6937, 135.5023, 9),
  bengaluru: P('Bengaluru', 'Karnataka', 'IN', 12.9716, 77.5946, 5.5),
  pune: P('Pune', 'Maharashtra', 'IN', 18.5204, 73.8567, 5.5),
  saoPaulo: P('Sao Paulo', 'Sao Paulo', 'BR', -23.5505, -46.6333, -3),
  // Hosting / attacker-side places.
  frankfurt: P('Frankfurt am Main', 'Hesse', 'DE', 50.1109, 8.6821, 2),
  nuremberg: P('Nuremberg', 'Bavaria', 'DE', 49.4521, 11.0767, 2),
  falkenstein: P('Falkenstein', 'Saxony', 'DE', 50.4779, 12.3713, 2),
  helsinki: P('Helsinki', 'Uusimaa', 'FI', 60.1699, 24.9384, 3),
  roubaix: P('Roubaix', 'Hauts-de-France', 'FR', 50.6942, 3.1746, 2),
  piscataway: P('Piscataway', 'New Jersey', 'US', 40.5549, -74.4643, -4),
  ashburn: P('Ashburn', 'Virginia', 'US', 39.0438, -77.4874, -4),
  newark: P('Newark', 'New Jersey', 'US', 40.7357, -74.1724, -4),
  stLouis: P('St Louis', 'Missouri', 'US', 38.627, -90.1994, -5),
  bucharest: P('Bucharest', 'Bucuresti', 'RO', 44.4268, 26.1025, 3),
  stPetersburg: P('Saint Petersburg', 'Saint Petersburg', 'RU', 59.9311, 30.3609, 3),
  lagos: P('Lagos', 'Lagos', 'NG', 6.5244, 3.3792, 1),
  hanoi: P('Hanoi', 'Ha Noi', 'VN', 21.0278, 105.8342, 7),
  jakarta: P('Jakarta', 'Jakarta', 'ID', -6.2088, 106.8456, 7),
  istanbul: P('Istanbul', 'Istanbul', 'TR', 41.0082, 28.9784, 3),
  bogota: P('Bogota', 'Bogota D.C.', 'CO', 4.711, -74.0721, -5),
  dublinAzure: P('Dublin', 'Dublin', 'IE', 53.3498, -6.2603, 1),
  boydton: P('Boydton', 'Virginia', 'US', 36.6676, -78.3875, -4),
  // Commuter towns (home) near the offices.
  tacoma: P('Tacoma', 'Washington', 'US', 47.2529, -122.4443, -7),
  everett: P('Everett', 'Washington', 'US', 47.979, -122.2021, -7),
  reading: P('Reading', 'England', 'GB', 51.4543, -0.9781, 1),
  guildford: P('Guildford', 'England', 'GB', 51.2362, -0.5704, 1),
  potsdam: P('Potsdam', 'Brandenburg', 'DE', 52.3906, 13.0645, 2),
  wollongong: P('Wollongong', 'New South Wales', 'AU', -34.4278, 150.8931, 10),
  hamilton: P('Hamilton', 'Ontario', 'CA', 43.2557, -79.8711, -4),
  versailles: P('Versailles', 'Ile-de-France', 'FR', 48.8049, 2.1204, 2),
  naas: P('Naas', 'Kildare', 'IE', 53.2159, -6.6669, 1),
  stamford: P('Stamford', 'Connecticut', 'US', 41.0534, -73.5387, -4),
  yokohama: P('Yokohama', 'Kanagawa', 'JP', 35.4437, 139.638, 9),
  haarlem: P('Haarlem', 'North Holland', 'NL', 52.3874, 4.6462, 2),
} as const satisfies Record<string, Place>;

export type PlaceKey = keyof typeof PLACES;

export type NetKind = 'business' | 'residential' | 'mobile' | 'hosting' | 'vpn' | 'tor' | 'cloud';

export interface Network {
  org: string;
  asn: number;
  kind: NetKind;
  /** `a.b` (/16) or `a.b.c` (/24) blocks inside ranges the network announces (see the note at the top). */
  blocks: readonly string[];
}

const N = (org: string, asn: number, kind: NetKind, blocks: string[]): Network => ({ org, asn, kind, blocks });

/** Per country: a business ISP (office egress), residential ISPs (homes, hotels) and a mobile carrier. */
export const COUNTRY_NETS: Record<string, { business: Network; residential: Network[]; mobile: Network }> = {
  US: {
    business: N('Lumen', 3356, 'business', ['4.14', '4.15', '4.53', '8.9']),
    residential: [N('Comcast Cable', 7922, 'residential', ['73.11', '73.42', '73.97', '73.109', '73.140', '73.181', '73.221']), N('Charter Communications', 20115, 'residential', ['24.176', '47.34', '97.96'])],
    mobile: N('Verizon Wireless', 22394, 'mobile', ['174.193', '174.205', '174.212', '174.226']),
  },
  CA: {
    business: N('Bell Canada', 577, 'business', ['70.24', '70.27', '70.52']),
    residential: [N('Rogers Communications', 812, 'residential', ['99.224', '99.231', '99.248'])],
    mobile: N('Rogers Communications', 812, 'mobile', ['72.136', '72.141']),
  },
  GB: {
    business: N('British Telecommunications', 2856, 'business', ['81.145', '81.149']),
    residential: [N('British Telecommunications', 2856, 'residential', ['86.132', '86.150', '86.160', '86.180']), N('Virgin Media', 5089, 'residential', ['82.4', '82.17', '82.31'])],
    mobile: N('EE', 12576, 'mobile', ['31.94', '31.124']),
  },
  IE: {
    business: N('Eir', 5466, 'business', ['86.43', '86.44']),
    residential: [N('Virgin Media Ireland', 6830, 'residential', ['89.100', '89.101'])],
    mobile: N('Vodafone Ireland', 15502, 'mobile', ['37.228', '89.19']),
  },
  PT: {
    business: N('MEO', 3243, 'business', ['85.243', '85.244']),
    residential: [N('MEO', 3243, 'residential', ['85.240', '85.241', '85.242'])],
    mobile: N('Vodafone Portugal', 12353, 'mobile', ['148.69', '148.71']),
  },
  DE: {
    business: N('Deutsche Telekom', 3320, 'business', ['80.146', '80.156']),
    residential: [N('Deutsche Telekom', 3320, 'residential', ['79.198', '87.139', '91.14', '93.204']), N('Vodafone GmbH', 3209, 'residential', ['88.70', '88.73'])],
    mobile: N('Telefonica Germany', 6805, 'mobile', ['176.0', '176.3']),
  },
  FR: {
    business: N('Orange', 3215, 'business', ['90.83', '90.84']),
    residential: [N('Orange', 3215, 'residential', ['90.3', '90.24', '90.46']), N('Free SAS', 12322, 'residential', ['82.64', '82.66'])],
    mobile: N('Bouygues Telecom', 5410, 'mobile', ['176.135', '176.141']),
  },
  NL: {
    business: N('KPN', 1136, 'business', ['145.131', '145.132']),
    residential: [N('Ziggo', 33915, 'residential', ['84.24', '84.26', '84.28'])],
    mobile: N('Odido', 31615, 'mobile', ['62.140', '62.141']),
  },
  ES: {
    business: N('Telefonica de Espana', 3352, 'business', ['80.58', '80.59']),
    residential: [N('Telefonica de Espana', 3352, 'residential', ['83.44', '83.45', '88.6'])],
    mobile: N('Vodafone Spain', 12430, 'mobile', ['46.222', '46.6']),
  },
  CH: {
    business: N('Swisscom', 3303, 'business', ['193.134', '193.135']),
    residential: [N('Swisscom', 3303, 'residential', ['83.76', '83.77', '85.0'])],
    mobile: N('Sunrise', 6730, 'mobile', ['212.254', '212.243']),
  },
  SE: {
    business: N('Telia Company', 3301, 'business', ['81.226', '81.227']),
    residential: [N('Telia Company', 3301, 'residential', ['78.72', '78.73', '90.229'])],
    mobile: N('Tele2 Sverige', 1257, 'mobile', ['90.130', '90.131']),
  },
  AU: {
    business: N('Telstra', 1221, 'business', ['203.35', '203.36']),
    residential: [N('Telstra', 1221, 'residential', ['101.160', '101.164', '101.172']), N('TPG Telecom', 7545, 'residential', ['110.174', '110.175'])],
    mobile: N('Telstra', 1221, 'mobile', ['1.128', '1.136', '1.144']),
  },
  SG: {
    business: N('Singtel', 7473, 'business', ['203.116', '203.117']),
    residential: [N('Singnet', 3758, 'residential', ['116.14', '116.15', '116.86'])],
    mobile: N('StarHub Mobile', 4657, 'mobile', ['27.125', '27.104']),
  },
  JP: {
    business: N('NTT Communications', 4713, 'business', ['153.150', '153.156']),
    residential: [N('NTT Communications', 4713, 'residential', ['153.172', '153.205', '180.9'])],
    mobile: N('NTT Docomo', 9605, 'mobile', ['1.72', '1.75']),
  },
  IN: {
    business: N('Tata Communications', 4755, 'business', ['14.140', '14.141']),
    residential: [N('Bharti Airtel', 24560, 'residential', ['122.161', '122.171', '122.172'])],
    mobile: N('Reliance Jio', 55836, 'mobile', ['49.36', '49.37', '49.43']),
  },
  BR: {
    business: N('Telefonica Brasil', 27699, 'business', ['177.139', '177.140']),
    residential: [N('Telefonica Brasil', 27699, 'residential', ['187.10', '187.11', '189.100'])],
    mobile: N('Claro', 28573, 'mobile', ['179.95', '179.96']),
  },
  // Countries the tenant never uses (attacker residential proxies and "new country" sign-ins).
  VN: { business: N('Viettel Group', 7552, 'business', ['27.72']), residential: [N('Viettel Group', 7552, 'residential', ['27.65', '27.72', '27.77'])], mobile: N('Viettel Group', 7552, 'mobile', ['171.224', '171.232']) },
  ID: { business: N('Telkom Indonesia', 7713, 'business', ['36.66']), residential: [N('Telkom Indonesia', 7713, 'residential', ['36.68', '36.71', '36.85'])], mobile: N('Telkomsel', 23693, 'mobile', ['114.124', '114.125']) },
  TR: { business: N('Turk Telekom', 9121, 'business', ['78.186']), residential: [N('Turk Telekom', 9121, 'residential', ['78.171', '78.180', '88.230'])], mobile: N('Turkcell', 16135, 'mobile', ['188.119', '178.240']) },
  NG: { business: N('MTN Nigeria', 29465, 'business', ['102.89']), residential: [N('MTN Nigeria', 29465, 'residential', ['102.88', '102.89', '102.90'])], mobile: N('Airtel Nigeria', 36873, 'mobile', ['105.112', '105.113']) },
  CO: { business: N('Colombia Movil', 27831, 'business', ['181.53']), residential: [N('Colombia Telecomunicaciones', 3816, 'residential', ['191.95', '181.49', '186.29'])], mobile: N('Comcel', 10620, 'mobile', ['191.156', '191.157']) },
};

/** Hosting, VPN and anonymiser networks, each with the datacentre place its addresses geolocate to. */
export const HOSTING = {
  digitalOceanFra: { net: N('DigitalOcean', 14061, 'hosting', ['159.89', '167.99', '138.68']), place: 'frankfurt' },
  digitalOceanAms: { net: N('DigitalOcean', 14061, 'hosting', ['146.190', '188.166']), place: 'amsterdam' },
  hetzner: { net: N('Hetzner Online', 24940, 'hosting', ['95.216', '65.21', '135.181']), place: 'helsinki' },
  hetznerFsn: { net: N('Hetzner Online', 24940, 'hosting', ['116.202', '88.198']), place: 'falkenstein' },
  ovh: { net: N('OVH SAS', 16276, 'hosting', ['51.75', '54.36', '145.239']), place: 'roubaix' },
  vultr: { net: N('The Constant Company (Vultr)', 20473, 'hosting', ['45.32', '45.77', '149.28', '155.138']), place: 'piscataway' },
  linode: { net: N('Akamai Connected Cloud (Linode)', 63949, 'hosting', ['172.104', '139.162']), place: 'singapore' },
  contabo: { net: N('Contabo GmbH', 51167, 'hosting', ['161.97', '207.180']), place: 'nuremberg' },
  aws: { net: N('Amazon.com (AWS)', 16509, 'hosting', ['3.80', '18.206', '54.164']), place: 'ashburn' },
  m247Lon: { net: N('M247 Europe', 9009, 'vpn', ['146.70', '37.120']), place: 'london' },
  m247Buh: { net: N('M247 Europe', 9009, 'vpn', ['146.70', '89.46']), place: 'bucharest' },
  datacampNyc: { net: N('Datacamp Limited', 212238, 'vpn', ['212.102', '84.17']), place: 'newYork' },
  selectel: { net: N('Selectel', 49505, 'hosting', ['5.188', '94.26']), place: 'stPetersburg' },
  tor: { net: N('Stiftung Erneuerbare Freiheit (Tor exits)', 60729, 'tor', ['185.220.100', '185.220.101', '185.220.102']), place: 'frankfurt' },
  azureWeu: { net: N('Microsoft Corporation', 8075, 'cloud', ['20.50', '20.103', '40.74', '52.178']), place: 'amsterdam' },
  azureEus: { net: N('Microsoft Corporation', 8075, 'cloud', ['20.42', '40.76', '52.168']), place: 'boydton' },
} as const satisfies Record<string, { net: Network; place: PlaceKey }>;

export type HostingKey = keyof typeof HOSTING;

export interface App {
  id: string;
  name: string;
}

const A = (id: string, name: string): App => ({ id, name });

/** Microsoft first-party applications and resources, with their well-known application ids. */
export const APPS = {
  officeHome: A('4765445b-32c6-49b0-83e6-1d93765276ca', 'OfficeHome'),
  outlookWeb: A('9199bf20-a13f-4107-85dc-02114787ef48', 'One Outlook Web'),
  exchange: A('00000002-0000-0ff1-ce00-000000000000', 'Office 365 Exchange Online'),
  sharePoint: A('00000003-0000-0ff1-ce00-000000000000', 'Office 365 SharePoint Online'),
  graph: A('00000003-0000-0000-c000-000000000000', 'Microsoft Graph'),
  aad: A('00000002-0000-0000-c000-000000000000', 'Windows Azure Active Directory'),
  teams: A('1fec8e78-bce4-4aaf-ab1b-5451cc387264', 'Microsoft Teams'),
  teamsWeb: A('5e3ce6c0-2b1f-4285-8d4b-75ee78787346', 'Microsoft Teams Web Client'),
  teamsServices: A('cc15fd57-2c6c-4117-a88c-83b1d56b4bbe', 'Microsoft Teams Services'),
  office: A('d3590ed6-52b3-4102-aeff-aad2292ab01c', 'Microsoft Office'),
  outlookMobile: A('27922004-5251-4030-b22d-91ecd9a37ea4', 'Outlook Mobile'),
  oneDriveSync: A('ab9b8c07-8f02-4f72-87fa-80105867a763', 'OneDrive SyncEngine'),
  azurePortal: A('c44b4083-3bb0-49c1-b47d-974e53cbdf3c', 'Azure Portal'),
  azureManagement: A('797f4846-ba00-4fd7-ba43-dac1f8f63013', 'Windows Azure Service Management API'),
  azureCli: A('04b07795-8ddb-461a-bbee-02f9e1bf7b46', 'Microsoft Azure CLI'),
  azurePowerShell: A('1950a258-227b-4e31-a9cf-717495945fc2', 'Microsoft Azure PowerShell'),
  vsCode: A('aebc6443-996d-45c2-90f0-388ff96faa56', 'Visual Studio Code'),
  graphCli: A('14d82eec-204b-4c2f-b7e8-296a70dab67e', 'Microsoft Graph Command Line Tools'),
  aadPowerShell: A('1b730954-1685-4b74-9bfd-dac224a7b894', 'Azure Active Directory PowerShell'),
  broker: A('29d9ed98-a469-4536-ade2-f981bc1d605e', 'Microsoft Authentication Broker'),
  deviceRegistration: A('01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9', 'Device Registration Service'),
  windowsSignIn: A('38aa3b87-a06d-4817-b275-7a316988d93b', 'Windows Sign In'),
  edge: A('ecd6b820-32c2-49b6-98a6-444530e5a77a', 'Microsoft Edge'),
  companyPortal: A('9ba1a5c7-f17a-4de9-a1f1-6178c8d51223', 'Microsoft Intune Company Portal'),
  authenticator: A('4813382a-8fa7-425e-ab75-3b753aab3abb', 'Microsoft Authenticator App'),
  myApps: A('2793995e-0a7d-40d7-bd35-6968ba142197', 'My Apps'),
} as const satisfies Record<string, App>;

/** The tenant that owns Microsoft's first-party applications. */
export const MICROSOFT_SERVICES_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

/** clientAppUsed values. The legacy ones match the legacy-auth detection's list. */
export const CLIENT_APPS = {
  browser: 'Browser',
  modern: 'Mobile Apps and Desktop clients',
  activeSync: 'Exchange ActiveSync',
  imap: 'IMAP4',
  pop: 'POP3',
  smtp: 'Authenticated SMTP',
  ews: 'Exchange Web Services',
  other: 'Other clients',
} as const;

/** User agents as they appear in 2026 sign-in logs (versions current for the anchor date). */
export const USER_AGENTS = {
  edgeWin: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.0.0',
  chromeWin: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
  chromeMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15',
  safariIos: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1',
  chromeAndroid: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36',
  firefoxLinux: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:143.0) Gecko/20100101 Firefox/143.0',
  wam: 'Windows-AzureAD-Authentication-Provider/1.0',
  officeWin: 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.19127; Pro)',
  officeMac: 'Microsoft Office/16.0 (Macintosh; Mac OS X 15.6; Microsoft Outlook 16.101.25091314)',
  teamsMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Teams/25241.1205.3971.2125',
  outlookIos: 'Outlook-iOS/709.4231087.prod.iphone (5.2.58)',
  outlookAndroid: 'Outlook-Android/2.0',
  teamsIos: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 TeamsMobile-iOS',
  teamsAndroid: 'Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36 TeamsMobile-Android',
  oneDrive: 'Microsoft SkyDriveSync 25.180.0916.0002 ship; Windows NT 10.0 (26100)',
  azureCli: 'python/3.12.10 (Windows-11-10.0.26100-SP0) msal/1.33.0 azure-cli/2.77.0',
  vsCode: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Code/1.104.2 Chrome/138.0.7204.235 Electron/37.3.1 Safari/537.36',
  activeSyncIos: 'Apple-iPhone16C2/2207.100',
  activeSyncAndroid: 'Android-Mail/2025.09.14.812345678.Release',
} as const;

/** Failure reasons and additional details as Entra writes them (texts change over time; these are typical). */
export const ERRORS: Record<number, { reason: string; details?: string }> = {
  81016: { reason: 'Invalid STS request.' },
  16000: { reason: 'Either multiple user identities are available for the current request or selected account is not supported for the scenario.' },
  50034: { reason: 'The user account does not exist in the directory. To sign into this application, the account must be added to the directory.' },
  50053: { reason: 'Account is locked because user tried to sign in too many times with an incorrect user ID or password.' },
  50057: { reason: 'User account is disabled. The account has been disabled by an administrator.' },
  50058: { reason: 'Session information is not sufficient for single-sign-on.', details: 'This means that a user is not signed in. This is a common error that is expected when a user is unauthenticated and has not yet signed in.' },
  50074: { reason: 'Strong Authentication is required.', details: 'The user is required to complete multifactor authentication. This is an expected part of the login flow.' },
  50076: { reason: "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{resource}'." },
  50126: { reason: 'Error validating credentials due to invalid username or password.', details: "The user didn't enter the right credentials. It's expected to see some number of these errors in your logs due to users making mistakes." },
  50140: { reason: "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.", details: 'This is an expected part of the login flow, where a user is asked if they want to remain signed into this browser to make further logins easier.' },
  50173: { reason: 'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.' },
  53000: { reason: 'Device is not in required device state: compliant. Conditional Access policy requires a compliant device, and the device is not compliant.' },
  53003: { reason: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.' },
  70043: { reason: 'The refresh token has expired or is invalid due to sign-in frequency checks by conditional access.' },
  500121: { reason: 'Authentication failed during strong authentication request.' },
  700082: { reason: 'The refresh token has expired due to inactivity.' },
  7000215: { reason: 'Invalid client secret is provided.' },
  7000222: { reason: 'The provided client secret keys are expired.' },
};

/** Codes the portal shows as "Interrupted" (formats.md §13, inference). */
export const INTERRUPT_CODES = new Set([50072, 50074, 50125, 50140, 50199]);

export const FIRST_NAMES = [
  'Aisha', 'Alex', 'Amelia', 'Ana', 'Arjun', 'Ben', 'Carlos', 'Chen', 'Chloe', 'Daniel', 'Elena', 'Emma', 'Fatima', 'Felix',
  'Grace', 'Hannah', 'Hiro', 'Isabel', 'Jack', 'James', 'Jonas', 'Julia', 'Kai', 'Lars', 'Laura', 'Leila', 'Liam', 'Lucas',
  'Maria', 'Mateo', 'Mei', 'Mia', 'Noah', 'Nora', 'Olivia', 'Omar', 'Priya', 'Rafael', 'Ravi', 'Sara', 'Sofia', 'Tom',
  'Yuki', 'Zoe',
];

export const LAST_NAMES = [
  'Andersson', 'Bauer', 'Becker', 'Brown', 'Chen', 'Costa', 'Dubois', 'Fischer', 'Garcia', 'Gupta', 'Hansen', 'Ito', 'Jensen',
  'Kim', 'Kowalski', 'Lee', 'Lopez', 'Martin', 'Meyer', 'Moreau', 'Murphy', "O'Brien", 'Patel', 'Rossi', 'Santos', 'Schmidt',
  'Silva', 'Singh', 'Smith', 'Suzuki', 'Tanaka', 'Taylor', 'Thompson', 'Walsh', 'Wang', 'Weber', 'Williams', 'Wilson',
  'Yamamoto', 'Zhang',
];

/** Guest users' home organisations: reserved `.example` domains, never real companies. */
export const GUEST_ORGS = [
  { domain: 'fabrikam.example', name: 'Fabrikam' },
  { domain: 'northwindtraders.example', name: 'Northwind Traders' },
  { domain: 'adatum.example', name: 'Adatum' },
  { domain: 'tailspintoys.example', name: 'Tailspin Toys' },
];

/** Office cities in the order a growing tenant opens them. */
export const OFFICE_CITIES: PlaceKey[] = ['seattle', 'london', 'berlin', 'sydney', 'toronto', 'singapore', 'paris', 'dublin', 'newYork', 'tokyo', 'bengaluru', 'amsterdam'];

/** Other cities in the same country, for remote workers. */
export const REMOTE_CITIES: Partial<Record<PlaceKey, PlaceKey[]>> = {
  seattle: ['portland', 'sanFrancisco', 'denver', 'austin', 'chicago'],
  newYork: ['chicago', 'austin'],
  london: ['manchester', 'bristol'],
  berlin: ['munich', 'hamburg'],
  sydney: ['melbourne'],
  toronto: ['ottawa'],
  paris: ['lyon'],
  dublin: ['cork'],
  tokyo: ['osaka'],
  bengaluru: ['pune'],
  amsterdam: ['utrecht'],
};

/** Business-travel destinations (besides the other offices). */
/** Towns people commute to the office from (home on the days they work from home, 20-80 km away). */
export const COMMUTER_TOWNS: Partial<Record<PlaceKey, PlaceKey[]>> = {
  seattle: ['tacoma', 'everett'],
  london: ['reading', 'guildford'],
  berlin: ['potsdam'],
  sydney: ['wollongong'],
  toronto: ['hamilton'],
  paris: ['versailles'],
  dublin: ['naas'],
  newYork: ['stamford'],
  tokyo: ['yokohama'],
  amsterdam: ['haarlem'],
};

export const TRAVEL_CITIES: PlaceKey[] = ['newYork', 'chicago', 'london', 'paris', 'madrid', 'zurich', 'stockholm', 'lisbon', 'singapore', 'tokyo', 'sydney', 'toronto'];
