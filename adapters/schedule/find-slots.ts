import cron from 'node-cron';

/** One time a schedule fires. */
export interface Slot {
  /** The instant. */
  at: Date;
  /**
   * The local wall-clock minute, `2025-10-26T08:00`: the ledger key. When clocks fall back and
   * 03:30 happens twice, both instants share this key, so the slot is still posted once.
   */
  key: string;
}

const MINUTE = 60_000;
/** Catch-up never looks further back than this, and one tick never further ahead of a mark. */
export const LOOKBACK_MS = 7 * 24 * 60 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();
const parsedCache = new Map<string, Matcher>();

interface Matcher {
  minute: Set<number>;
  hour: Set<number>;
  dayOfMonth: Set<number>;
  month: Set<number>;
  dayOfWeek: Set<number>;
  anyDayOfMonth: boolean;
  anyDayOfWeek: boolean;
}

/**
 * Lists the slots of a cron schedule in a time zone within `(after, until]`, oldest first.
 * node-cron parses the expression; matching is done minute by minute on the local wall clock,
 * so DST changes behave as people expect: `0 8 * * *` in Europe/Kyiv is 08:00 local on both sides.
 */
export function findSlots(expression: string, timeZone: string, after: Date, until: Date): Slot[] {
  const matcher = matcherOf(expression);
  const format = formatterOf(timeZone);
  const slots: Slot[] = [];
  let t = Math.floor(Math.max(after.getTime(), until.getTime() - LOOKBACK_MS) / MINUTE) * MINUTE + MINUTE;
  for (; t <= until.getTime(); t += MINUTE) {
    const local = localFields(format, t);
    if (!matcher.minute.has(local.minute) || !matcher.hour.has(local.hour) || !matcher.month.has(local.month)) continue;
    const dom = matcher.dayOfMonth.has(local.day);
    const dow = matcher.dayOfWeek.has(local.weekday);
    // Vixie cron: when both day fields are restricted, either one matching is enough.
    const dayOk = matcher.anyDayOfMonth ? dow : matcher.anyDayOfWeek ? dom : dom || dow;
    if (!dayOk) continue;
    const key = `${local.year}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}`;
    slots.push({ at: new Date(t), key });
  }
  return slots;
}

function matcherOf(expression: string): Matcher {
  let matcher = parsedCache.get(expression);
  if (!matcher) {
    const f = cron.parse(expression);
    const numbers = (values: (number | string)[]): Set<number> => new Set(values.map(Number));
    const dayOfWeek = numbers(f.dayOfWeek);
    if (dayOfWeek.has(7)) dayOfWeek.add(0);
    matcher = {
      minute: numbers(f.minute),
      hour: numbers(f.hour),
      dayOfMonth: numbers(f.dayOfMonth),
      month: numbers(f.month),
      dayOfWeek,
      anyDayOfMonth: f.dayOfMonth.length >= 31,
      anyDayOfWeek: dayOfWeek.size >= 7,
    };
    parsedCache.set(expression, matcher);
  }
  return matcher;
}

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' });
    formatters.set(timeZone, format);
  }
  return format;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function localFields(format: Intl.DateTimeFormat, t: number): { year: number; month: number; day: number; hour: number; minute: number; weekday: number } {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, weekday: 0 };
  for (const part of format.formatToParts(t)) {
    if (part.type === 'weekday') out.weekday = WEEKDAYS[part.value] ?? 0;
    else if (part.type in out) out[part.type as 'year'] = Number(part.value);
  }
  return out;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
