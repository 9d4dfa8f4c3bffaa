import cron from 'node-cron';
import { NewsbriefError } from '../../core/index.ts';

/** A schedule ready to run: the cron expression and how to say it to people. */
export interface Schedule {
  cron: string;
  label: string;
}

const DAYS: Record<string, string> = { sun: '0', mon: '1', tue: '2', wed: '3', thu: '4', fri: '5', sat: '6' };

/**
 * Reads a schedule as people write it — `daily 08:00`, `weekdays 09:30`, `weekends 10:00`,
 * `mondays 07:45`, `hourly`, `every 15 minutes` — or as a five-field cron expression.
 * Anything else is an INVALID_INPUT error that says what is accepted.
 */
export function parseSchedule(input: string): Schedule {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const time = (value: string | undefined): [number, number] | null => {
    const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(value ?? '');
    if (!m) return null;
    const h = Number(m[1]);
    const min = Number(m[2] ?? '0');
    return h < 24 && min < 60 ? [h, min] : null;
  };
  let m: RegExpExecArray | null;
  if (text === 'hourly') return { cron: '0 * * * *', label: 'every hour' };
  if ((m = /^every (\d{1,2}) minutes?$/.exec(text))) {
    const n = Number(m[1]);
    if ([5, 10, 15, 20, 30].includes(n)) return { cron: `*/${n} * * * *`, label: `every ${n} minutes` };
    throw new NewsbriefError('INVALID_INPUT', `"${input}": every 5, 10, 15, 20 or 30 minutes`);
  }
  if ((m = /^(daily|weekdays|weekends|(sun|mon|tue|wed|thu|fri|sat)[a-z]*?s?)(?: (?:at )?(\S+))?$/.exec(text))) {
    const at = time(m[3] ?? '08:00');
    if (!at) throw new NewsbriefError('INVALID_INPUT', `"${m[3]}" is not a time of day; use HH:MM, e.g. 08:00`);
    const [h, min] = at;
    const hhmm = `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
    const kind = m[1] ?? '';
    if (kind === 'daily') return { cron: `${min} ${h} * * *`, label: `daily at ${hhmm}` };
    if (kind === 'weekdays') return { cron: `${min} ${h} * * 1-5`, label: `weekdays at ${hhmm}` };
    if (kind === 'weekends') return { cron: `${min} ${h} * * 0,6`, label: `weekends at ${hhmm}` };
    const day = DAYS[m[2] ?? ''];
    if (day !== undefined) return { cron: `${min} ${h} * * ${day}`, label: `${kind.replace(/s$/, '')}s at ${hhmm}` };
  }
  const fields = text.split(' ');
  if (fields.length === 5) {
    const check = cron.validateDetailed(text);
    if (check.valid) return { cron: text, label: `cron ${text}` };
    throw new NewsbriefError('INVALID_INPUT', `"${input}" is not a valid cron expression: ${check.errors.map((e) => e.message).join('; ')}`);
  }
  throw new NewsbriefError('INVALID_INPUT', `"${input}" is not a schedule; try "daily 08:00", "weekdays 09:30", "hourly" or a cron expression like "0 8 * * 1-5"`);
}

// Every subscription's zone is checked again at every tick, and making a formatter to do it was a
// tenth of a millisecond each: zones found valid are remembered (there are ~600; bounded anyway).
const validZones = new Set<string>();
const MAX_VALID_ZONES = 1_000;

/** Accepts IANA time zones (`Europe/Kyiv`, `UTC`); anything else is an INVALID_INPUT error. */
export function checkTimeZone(zone: string): string {
  if (validZones.has(zone)) return zone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    if (validZones.size >= MAX_VALID_ZONES) validZones.clear();
    validZones.add(zone);
    // Keep the name as written: ICU may canonicalise Europe/Kyiv to the older Europe/Kiev.
    return zone;
  } catch {
    throw new NewsbriefError('INVALID_INPUT', `"${zone}" is not a time zone; use an IANA name such as Europe/Kyiv or America/New_York`);
  }
}
