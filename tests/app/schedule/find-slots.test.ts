import { describe, expect, it } from 'vitest';
import { findSlots } from '../../../src/app/index.ts';

const between = (expression: string, zone: string, after: string, until: string) =>
  findSlots(expression, zone, new Date(after), new Date(until)).map((s) => [s.at.toISOString(), s.key]);

describe('findSlots', () => {
  it('runs a fixed-time slot that falls in a spring-forward gap right after the jump, as cronie does', () => {
    // 2026-03-08, America/New_York: 01:59 EST is followed by 03:00 EDT (07:00Z).
    expect(between('30 2 * * *', 'America/New_York', '2026-03-08T05:00:00Z', '2026-03-08T09:00:00Z')).toEqual([['2026-03-08T07:00:00.000Z', '2026-03-08T02:30']]);
    // The next day 02:30 exists again, and is an ordinary slot.
    expect(between('30 2 * * *', 'America/New_York', '2026-03-09T05:00:00Z', '2026-03-09T09:00:00Z')).toEqual([['2026-03-09T06:30:00.000Z', '2026-03-09T02:30']]);
  });

  it('does not add slots for a gap to a schedule with * in its minute or hour field', () => {
    expect(between('0 * * * *', 'America/New_York', '2026-03-08T05:30:00Z', '2026-03-08T08:30:00Z')).toEqual([
      ['2026-03-08T06:00:00.000Z', '2026-03-08T01:00'],
      ['2026-03-08T07:00:00.000Z', '2026-03-08T03:00'],
      ['2026-03-08T08:00:00.000Z', '2026-03-08T04:00'],
    ]);
  });

  it('gives both instants of a repeated autumn hour the same key', () => {
    // 2026-11-01, America/New_York: 01:00–01:59 happens twice (05:00Z EDT, 06:00Z EST).
    const slots = between('30 1 * * *', 'America/New_York', '2026-11-01T04:00:00Z', '2026-11-01T08:00:00Z');
    expect(slots.map(([, key]) => key)).toEqual(['2026-11-01T01:30', '2026-11-01T01:30']);
  });
});
