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

// One formatter per time zone and one matcher per cron expression: bounded by the zones and
// schedules in use (IANA has ~600 zones; schedules are the subscriptions'), and cleared past
// CACHE_MAX so a stream of odd expressions cannot grow them without end.
const formatters = new Map<string, Intl.DateTimeFormat>();
const parsedCache = new Map<string, Matcher>();
const CACHE_MAX = 2_000;

interface Matcher {
  minute: Set<number>;
  hour: Set<number>;
  dayOfMonth: Set<number>;
  month: Set<number>;
  dayOfWeek: Set<number>;
  anyDayOfMonth: boolean;
  anyDayOfWeek: boolean;
  /** Neither minute nor hour starts with `*` (cronie's test for a job that runs after a DST gap). */
  fixedTime: boolean;
}

/**
 * Lists the slots of a cron schedule in a time zone within `(after, until]`, oldest first.
 * node-cron parses the expression; matching is done minute by minute on the local wall clock,
 * so DST changes behave as people expect: `0 8 * * *` in Europe/Kyiv is 08:00 local on both sides.
 * A fixed-time slot that falls in a spring-forward gap (`30 2 * * *` in America/New_York on the
 * day 02:00 becomes 03:00) runs right after the jump, as cronie does; a schedule with `*` in its
 * minute or hour field just carries on at the new time.
 */
export function findSlots(expression: string, timeZone: string, after: Date, until: Date): Slot[] {
  const matcher = matcherOf(expression);
  const format = formatterOf(timeZone);
  const slots: Slot[] = [];
  let t = Math.floor(Math.max(after.getTime(), until.getTime() - LOOKBACK_MS) / MINUTE) * MINUTE + MINUTE;
  let previousWall = wallOf(localFields(format, t - MINUTE));
  for (; t <= until.getTime(); t += MINUTE) {
    const local = localFields(format, t);
    const wall = wallOf(local);
    if (matcher.fixedTime && wall - previousWall > MINUTE) {
      // The local minutes between the two never happened: a slot among them runs now.
      for (let w = previousWall + MINUTE; w < wall; w += MINUTE) {
        const skipped = fieldsOfWall(w);
        if (matches(matcher, skipped)) slots.push({ at: new Date(t), key: keyOf(skipped) });
      }
    }
    previousWall = wall;
    if (matches(matcher, local)) slots.push({ at: new Date(t), key: keyOf(local) });
  }
  return slots;
}

interface LocalFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

function matches(matcher: Matcher, local: Readonly<LocalFields>): boolean {
  if (!matcher.minute.has(local.minute) || !matcher.hour.has(local.hour) || !matcher.month.has(local.month)) return false;
  const dom = matcher.dayOfMonth.has(local.day);
  const dow = matcher.dayOfWeek.has(local.weekday);
  // Vixie cron: when both day fields are restricted, either one matching is enough.
  return matcher.anyDayOfMonth ? dow : matcher.anyDayOfWeek ? dom : dom || dow;
}

/** The local wall-clock time as if it were UTC: consecutive local minutes differ by one minute. */
function wallOf(local: Readonly<LocalFields>): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
}

function fieldsOfWall(wall: number): LocalFields {
  const d = new Date(wall);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), weekday: d.getUTCDay() };
}

function keyOf(local: Readonly<LocalFields>): string {
  return `${local.year}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}`;
}

function matcherOf(expression: string): Matcher {
  let matcher = parsedCache.get(expression);
  if (!matcher) {
    const f = cron.parse(expression);
    const fields = expression.trim().split(/\s+/);
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
      fixedTime: !/^\*/.test(fields[0] ?? '*') && !/^\*/.test(fields[1] ?? '*'),
    };
    if (parsedCache.size >= CACHE_MAX) parsedCache.clear();
    parsedCache.set(expression, matcher);
  }
  return matcher;
}

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' });
    if (formatters.size >= CACHE_MAX) formatters.clear();
    formatters.set(timeZone, format);
  }
  return format;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

// A zone's local fields by minute: every channel of a tick asks for the same minutes, and one
// Intl call costs ~15 µs (200 channels × 15 minutes were 47 ms in one go on the event loop).
// Bounded: cleared past FIELDS_MAX minutes in all (a week's catch-up in one zone is 10,080).
const fieldsByZone = new Map<Intl.DateTimeFormat, Map<number, Readonly<LocalFields>>>();
const FIELDS_MAX = 50_000;
let fieldsKept = 0;

function localFields(format: Intl.DateTimeFormat, t: number): Readonly<LocalFields> {
  let zone = fieldsByZone.get(format);
  const kept = zone?.get(t);
  if (kept) return kept;
  if (fieldsKept >= FIELDS_MAX) {
    fieldsByZone.clear();
    fieldsKept = 0;
    zone = undefined;
  }
  if (!zone) fieldsByZone.set(format, (zone = new Map()));
  const fields = formatFields(format, t);
  zone.set(t, fields);
  fieldsKept += 1;
  return fields;
}

function formatFields(format: Intl.DateTimeFormat, t: number): LocalFields {
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
