// The row the parse thread sends: values in SIGNIN_COLUMNS order, and back.
import { describe, expect, it } from 'vitest';
import { COLUMN_AT, rowFromValues, rowValues, SIGNIN_COLUMNS, type SignInRow } from '../../../main/case/columns';
import { ipHex } from '../../../main/case/ip';
import { enumFromDisplayText } from '../../../main/ingest/fields';

/** A row whose every column holds a value naming that column, so a swapped pair shows. */
function distinctRow(): SignInRow {
  return Object.fromEntries(SIGNIN_COLUMNS.map((c, i) => [c, `${c}#${i}`])) as unknown as SignInRow;
}

describe('row values', () => {
  it('lists every column in SIGNIN_COLUMNS order', () => {
    const row = distinctRow();
    expect(rowValues(row)).toEqual(SIGNIN_COLUMNS.map((c) => row[c]));
  });

  it('round-trips through rowFromValues', () => {
    const row = distinctRow();
    expect(rowFromValues(rowValues(row))).toEqual(row);
  });

  it('says where each column sits', () => {
    const values = rowValues(distinctRow());
    for (const c of SIGNIN_COLUMNS) expect(values[COLUMN_AT[c]]).toBe(`${c}#${SIGNIN_COLUMNS.indexOf(c)}`);
  });
});

describe('memoized conversions', () => {
  it('give the same answer on a repeat as on first sight', () => {
    for (const ip of ['10.1.2.3', '2001:db8::1', '::ffff:10.1.2.3', 'not an ip', '10.1.2.3']) {
      const first = ipHex(ip);
      expect(ipHex(ip)).toBe(first);
    }
    expect(ipHex('10.1.2.3')).toBe('00000000000000000000ffff0a010203');
    expect(ipHex('::ffff:10.1.2.3')).toBe(ipHex('10.1.2.3'));
    expect(ipHex('not an ip')).toBeNull();
    expect(enumFromDisplayText('Primary Refresh Token')).toBe('primaryRefreshToken');
    expect(enumFromDisplayText('Primary Refresh Token')).toBe('primaryRefreshToken');
    expect(enumFromDisplayText('single-factor authentication')).toBe('singleFactorAuthentication');
  });

  it('stay right past the cache bound', () => {
    // More distinct addresses than the cache keeps: it is cleared, never wrong.
    for (let i = 0; i < 70_000; i++) {
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      const want = `00000000000000000000ffff0a${((i >> 16) & 255).toString(16).padStart(2, '0')}${((i >> 8) & 255).toString(16).padStart(2, '0')}${(i & 255).toString(16).padStart(2, '0')}`;
      if (ipHex(ip) !== want) throw new Error(`${ip}: ${ipHex(ip)} != ${want}`);
    }
    expect(ipHex('10.0.0.1')).toBe('00000000000000000000ffff0a000001');
  });
});
