import { describe, expect, it } from 'vitest';
import { localeDateFields, parseLocaleDate, parseUtc, toIso } from '../../../main/ingest/dates';

const iso = (text: string) => {
  const ms = parseUtc(text);
  return ms === null ? null : toIso(ms);
};

describe('parseUtc', () => {
  it.each([
    ['2020-03-13T19:15:41.6195833Z', '2020-03-13T19:15:41.619Z'],
    ['2021-06-30T16:34:32Z', '2021-06-30T16:34:32.000Z'],
    ['2021-05-12T10:36:53.8845373+00:00', '2021-05-12T10:36:53.884Z'],
    ['2021-05-12T12:36:53.884+02:00', '2021-05-12T10:36:53.884Z'],
    ['2021-05-12T05:06:53-0530', '2021-05-12T10:36:53.000Z'],
    ['2021-05-12 10:36:53', '2021-05-12T10:36:53.000Z'],
    ['4/28/2021, 2:08:45.221 PM', '2021-04-28T14:08:45.221Z'],
    ['5/12/2021, 10:36:53.884 AM', '2021-05-12T10:36:53.884Z'],
    ['12/1/2021, 12:00:00.000 AM', '2021-12-01T00:00:00.000Z'],
    ['12/1/2021, 12:30:00 PM', '2021-12-01T12:30:00.000Z'],
    ['3/12/2025 7:22:01\u202fAM', '2025-03-12T07:22:01.000Z'],
  ])('%s -> %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each(['', 'yesterday', '2021-02-30T00:00:00Z', '13/13/2021, 1:00:00 PM', '4/28/2021, 13:08:45 PM', '2021-04-28T25:00:00Z'])(
    'rejects %j',
    (text) => {
      expect(parseUtc(text)).toBeNull();
    },
  );
});

describe('parseLocaleDate (PowerShell Export-Csv dates, no zone: read as UTC)', () => {
  const iso = (text: string, order: 'dmy' | 'mdy') => {
    const ms = parseLocaleDate(text, order);
    return ms === null ? null : toIso(ms);
  };

  it.each([
    ['15/11/2025 3:55:59 AM', 'dmy', '2025-11-15T03:55:59.000Z'],
    ['3/12/2025 7:22:01 AM', 'dmy', '2025-12-03T07:22:01.000Z'],
    ['3/12/2025 7:22:01 AM', 'mdy', '2025-03-12T07:22:01.000Z'],
    ['3/12/2025 7:22:01\u202fPM', 'mdy', '2025-03-12T19:22:01.000Z'],
    ['3/12/2025 7:22:01\u00a0PM', 'mdy', '2025-03-12T19:22:01.000Z'],
    ['12/1/2025 12:05:00 AM', 'mdy', '2025-12-01T00:05:00.000Z'],
    ['12/1/2025 12:05:00 PM', 'mdy', '2025-12-01T12:05:00.000Z'],
    ['15/11/2025 03:55:59', 'dmy', '2025-11-15T03:55:59.000Z'],
    ['01/12/2025 23:02:13', 'dmy', '2025-12-01T23:02:13.000Z'],
    ['15.11.2025 23:02:13', 'dmy', '2025-11-15T23:02:13.000Z'],
    ['15/11/2025 3:55 am', 'dmy', '2025-11-15T03:55:00.000Z'],
    ['3/12/2025, 7:22:01.250 a.m.', 'dmy', '2025-12-03T07:22:01.250Z'],
  ] as const)('%j (%s) -> %s', (text, order, expected) => {
    expect(iso(text, order)).toBe(expected);
  });

  it.each([
    ['15/11/2025 3:55:59 AM', 'mdy'],
    ['31/2/2025 1:00:00', 'dmy'],
    ['3/12/2025 13:22:01 PM', 'mdy'],
    ['3/12/2025 24:00:00', 'mdy'],
    ['3/12-2025 7:22:01', 'mdy'],
    ['2025-03-12T07:22:01Z', 'mdy'],
    ['3/12/25 7:22:01 AM', 'mdy'],
    ['', 'dmy'],
  ] as const)('rejects %j as %s', (text, order) => {
    expect(parseLocaleDate(text, order)).toBeNull();
  });

  it('localeDateFields gives the two leading numbers, or null for other forms', () => {
    expect(localeDateFields('15/11/2025 3:55:59\u202fAM')).toEqual({ first: 15, second: 11 });
    expect(localeDateFields('2025-11-15T03:55:59Z')).toBeNull();
  });
});
