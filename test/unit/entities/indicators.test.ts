// Indicators as analysts paste them: kinds detected where unambiguous, lists split only where the
// pieces are plainly separate, user agents kept whole, bad addresses refused with a reason.
import { describe, expect, it } from 'vitest';
import { parseIndicatorText } from '../../../main/entities/indicators';

const parse = (text: string, lookup?: Parameters<typeof parseIndicatorText>[1]) => parseIndicatorText(text, lookup);

describe('parseIndicatorText', () => {
  it('one per line: addresses, CIDR blocks (IPv4 and IPv6), AS numbers and user agents', () => {
    const r = parse(`45.155.205.99
45.155.205.0/24
2a00:23c6:3636:fb01::/64
AS20473
asn 16276
python-requests/2.32.3
Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36
`);
    expect(r.indicators).toEqual([
      { kind: 'ip', value: '45.155.205.99' },
      { kind: 'ip', value: '45.155.205.0/24' },
      { kind: 'ip', value: '2a00:23c6:3636:fb01::/64' },
      { kind: 'asn', value: '20473' },
      { kind: 'asn', value: '16276' },
      { kind: 'user-agent', value: 'python-requests/2.32.3' },
      { kind: 'user-agent', value: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36' },
    ]);
    expect(r.rejected).toEqual([]);
  });

  it('comma and space separated lists, defanged addresses, quotes, comments and duplicates', () => {
    const r = parse(`# from the threat report
"45.155.205[.]99", 45.155.205.100; 2001:db8::1
45.155.205.99
fasthttp,python-requests/2.32.3
185.220.101.0/24 AS4224`);
    expect(r.indicators).toEqual([
      { kind: 'ip', value: '45.155.205.99' },
      { kind: 'ip', value: '45.155.205.100' },
      { kind: 'ip', value: '2001:db8::1' },
      { kind: 'user-agent', value: 'fasthttp' },
      { kind: 'user-agent', value: 'python-requests/2.32.3' },
      { kind: 'ip', value: '185.220.101.0/24' },
      { kind: 'asn', value: '4224' },
    ]);
  });

  it('kind: value names the kind; a user agent takes the rest of the line', () => {
    const r = parse(`ua: Mozilla/5.0 (X11; Linux x86_64), like Gecko
device: 5a8d4f1e-1111-4a4a-9c9c-0123456789ab
session-id = {0f2c1d8e-2222-4b4b-8d8d-abcdefabcdef}
ip: 10.1.2.3, 10.1.2.4
asn=AS8075`);
    expect(r.indicators).toEqual([
      { kind: 'user-agent', value: 'Mozilla/5.0 (X11; Linux x86_64), like Gecko' },
      { kind: 'device-id', value: '5a8d4f1e-1111-4a4a-9c9c-0123456789ab' },
      { kind: 'session-id', value: '0f2c1d8e-2222-4b4b-8d8d-abcdefabcdef' },
      { kind: 'ip', value: '10.1.2.3' },
      { kind: 'ip', value: '10.1.2.4' },
      { kind: 'asn', value: '8075' },
    ]);
  });

  it('a bare GUID is looked up in the case: device, session, or both when unknown', () => {
    const guids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];
    const r = parse(guids.join('\n'), (g) => ({ device: g === guids[0], session: g === guids[1] }));
    expect(r.indicators).toEqual([
      { kind: 'device-id', value: guids[0] },
      { kind: 'session-id', value: guids[1] },
      { kind: 'device-id', value: guids[2] },
      { kind: 'session-id', value: guids[2] },
    ]);
    expect(r.notes.join(' ')).toContain(guids[2]);
  });

  it('refuses what is meant as an address but is not one, and what sign-ins cannot match', () => {
    const r = parse(`45.155.205.999
45.155.205.0/40
10.1.2
alice@contoso.com
https://evil.example/login
login-microsoftonline.example.com`);
    expect(r.indicators).toEqual([]);
    expect(r.rejected.map((x) => x.text)).toEqual(['45.155.205.999', '45.155.205.0/40', '10.1.2', 'alice@contoso.com', 'https://evil.example/login', 'login-microsoftonline.example.com']);
    expect(r.rejected[0]!.reason).toMatch(/not an IP address/);
    expect(r.rejected[1]!.reason).toMatch(/not a CIDR block/);
    expect(r.rejected[3]!.reason).toMatch(/account/);
  });

  it('a prefix ending in a dot is a block, as in the grid filter', () => {
    expect(parse('45.155.205.').indicators).toEqual([{ kind: 'ip', value: '45.155.205.' }]);
  });
});
