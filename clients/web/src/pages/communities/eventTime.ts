import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';

export const BROWSER_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function timeZones(): string[] {
  try {
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes('UTC') ? zones : ['UTC', ...zones];
  } catch {
    return ['UTC', BROWSER_TIME_ZONE];
  }
}

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en', { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat('en', { ...options, timeZone: 'UTC' });
  }
}

/** "Saturday, December 12, 2026, 9:00 AM – 12:00 PM (Europe/Lisbon)", in the event's time zone. */
export function eventWhen(startsAt: Timestamp | undefined, endsAt: Timestamp | undefined, timeZone: string): string {
  if (!startsAt) return '';
  const zone = timeZone || 'UTC';
  const start = timestampDate(startsAt);
  const day = formatter(zone, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
  const time = formatter(zone, { hour: 'numeric', minute: '2-digit' });
  let text = `${day.format(start)}, ${time.format(start)}`;
  if (endsAt) {
    const end = timestampDate(endsAt);
    text += day.format(end) === day.format(start) ? ` – ${time.format(end)}` : ` – ${day.format(end)}, ${time.format(end)}`;
  }
  return `${text} (${zone})`;
}

/** The offset of a time zone from UTC at an instant, in milliseconds. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = formatter(timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** A wall-clock time from <input type="datetime-local"> ("2026-12-12T09:00"), read in a time
 * zone, as an instant. Undefined when the value is not a date. */
export function wallTimeToDate(value: string, timeZone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return undefined;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let guess = wall - offsetMs(wall, timeZone);
  guess = wall - offsetMs(guess, timeZone);
  return new Date(guess);
}
