import { describe, expect, it } from 'vitest';
import { checkTimeZone, findSlots, parseSchedule } from '../../../src/app/index.ts';

describe('parseSchedule', () => {
  it.each([
    ['daily 08:00', '0 8 * * *'],
    ['Daily at 7:05', '5 7 * * *'],
    ['weekdays 09:30', '30 9 * * 1-5'],
    ['weekends 10', '0 10 * * 0,6'],
    ['mondays 07:45', '45 7 * * 1'],
    ['hourly', '0 * * * *'],
    ['every 15 minutes', '*/15 * * * *'],
    ['0 8 * * 1-5', '0 8 * * 1-5'],
  ])('reads "%s" as %s', (input, cron) => {
    expect(parseSchedule(input).cron).toBe(cron);
  });

  it.each([
    ['daily 25:00', /not a time of day/],
    ['61 8 * * *', /not a valid cron expression/],
    ['whenever', /not a schedule; try "daily 08:00"/],
    ['every 7 minutes', /every 5, 10, 15, 20 or 30 minutes/],
  ])('refuses "%s" with a clear message', (input, message) => {
    expect(() => parseSchedule(input)).toThrow(message);
  });

  it('accepts IANA time zones and refuses the rest', () => {
    expect(checkTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
    expect(() => checkTimeZone('Mars/Olympus')).toThrow('"Mars/Olympus" is not a time zone; use an IANA name such as Europe/Kyiv');
  });
});

describe('findSlots', () => {
  const slots = (cron: string, zone: string, from: string, to: string) => findSlots(cron, zone, new Date(from), new Date(to)).map((s) => [s.at.toISOString(), s.key]);

  it('keeps daily 08:00 Europe/Kyiv at 08:00 local on both sides of the spring change', () => {
    expect(slots('0 8 * * *', 'Europe/Kyiv', '2025-03-29T00:00:00Z', '2025-03-31T00:00:00Z')).toEqual([
      ['2025-03-29T06:00:00.000Z', '2025-03-29T08:00'],
      ['2025-03-30T05:00:00.000Z', '2025-03-30T08:00'],
    ]);
  });

  it('keeps it at 08:00 local on both sides of the autumn change', () => {
    expect(slots('0 8 * * *', 'Europe/Kyiv', '2025-10-25T00:00:00Z', '2025-10-27T00:00:00Z')).toEqual([
      ['2025-10-25T05:00:00.000Z', '2025-10-25T08:00'],
      ['2025-10-26T06:00:00.000Z', '2025-10-26T08:00'],
    ]);
  });

  it('gives the repeated 03:30 of the autumn change one ledger key', () => {
    const found = slots('30 3 * * *', 'Europe/Kyiv', '2025-10-25T12:00:00Z', '2025-10-26T12:00:00Z');
    expect(found.map(([, key]) => key)).toEqual(['2025-10-26T03:30', '2025-10-26T03:30']);
  });

  it('honours weekdays and the interval (after, until]', () => {
    // 2025-08-15 is a Friday, 16–17 the weekend.
    expect(slots('30 9 * * 1-5', 'UTC', '2025-08-15T09:30:00Z', '2025-08-19T00:00:00Z').map(([at]) => at)).toEqual(['2025-08-18T09:30:00.000Z']);
  });
});
