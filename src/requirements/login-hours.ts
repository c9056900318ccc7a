import { LoginWindow, ProfileLoginHours, WEEKDAYS, Weekday } from '../org/profile-login.js';
import type { UserAccessFacts } from '../org/user-access.js';
import type { UserVerdict } from './user-access.js';

const SHORT_DAY: Readonly<Record<Weekday, string>> = {
  sunday: 'Sun',
  monday: 'Mon',
  tuesday: 'Tue',
  wednesday: 'Wed',
  thursday: 'Thu',
  friday: 'Fri',
  saturday: 'Sat',
};

const clock = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const describeWindow = (window: LoginWindow): string => (window.start >= window.end ? 'no login' : `${clock(window.start)}–${clock(window.end)}`);

/** "Mon–Fri 08:00–18:00, Sat no login": consecutive days with the same window grouped, days without hours left out. */
export function describeLoginHours(hours: ProfileLoginHours): string {
  const groups: Array<{ first: Weekday; last: Weekday; text: string }> = [];
  for (const day of WEEKDAYS) {
    const window = hours[day];
    if (!window) continue;
    const text = describeWindow(window);
    const previous = groups[groups.length - 1];
    if (previous && previous.text === text && WEEKDAYS.indexOf(previous.last) === WEEKDAYS.indexOf(day) - 1) previous.last = day;
    else groups.push({ first: day, last: day, text });
  }
  return groups.map(({ first, last, text }) => `${SHORT_DAY[first]}${first === last ? '' : `–${SHORT_DAY[last]}`} ${text}`).join(', ');
}

/** The weekday and minute of the day that `now` is in `timeZone`; undefined for a zone this runtime does not know. */
export function localTime(now: Date, timeZone: string): { day: Weekday; minute: number } | undefined {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  } catch {
    return undefined;
  }
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((candidate) => candidate.type === type)?.value ?? '';
  const day = part('weekday').toLowerCase() as Weekday;
  if (!WEEKDAYS.includes(day)) return undefined;
  return { day, minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

/** Whether the hours let a user log in at that moment: a day without hours is open; start = end closes the day. */
export function allowsLoginAt(hours: ProfileLoginHours, at: { day: Weekday; minute: number }): boolean {
  const window = hours[at.day];
  return window === undefined || (window.start < window.end && at.minute >= window.start && at.minute < window.end);
}

/**
 * The login hours row. Salesforce applies a profile's login hours in the org's default time zone as it was when they
 * were first set, whatever the user's own time zone (Help: "View and Edit Login Hours in Profiles"), so they are
 * checked against the org's default time zone now. Outside them every login and token refresh of the user fails:
 * the row fails. Hours that allow now still warn: the connector calls at any hour (an upload at night).
 */
export function loginHoursVerdict(access: UserAccessFacts, now: Date = new Date()): UserVerdict {
  const { username } = access;
  const profile = access.profileName ?? '(unknown profile)';
  const expected = `profile ${profile} of ${username} sets no login hours (the connector calls at any hour)`;
  const args = [profile, username];
  if (access.loginHours === undefined) {
    return { holds: undefined, expected, found: `could not read the login hours of profile ${profile} (its metadata did not come back with the app)`, args };
  }
  const hours = access.loginHours;
  if (WEEKDAYS.every((day) => hours[day] === undefined)) return { holds: true, expected, found: `profile ${profile} sets no login hours`, args };
  const set = `profile ${profile} allows logins only ${describeLoginHours(hours)}`;
  const zone = access.orgTimeZone;
  const at = zone ? localTime(now, zone) : undefined;
  if (!zone || !at) {
    return { holds: 'warn', expected, found: `${set}; whether that is now could not be told (the org's time zone: ${zone ?? 'could not read'})`, args };
  }
  const moment = `now ${SHORT_DAY[at.day]} ${clock(at.minute)} in the org's default time zone ${zone}`;
  if (!allowsLoginAt(hours, at)) return { holds: false, expected, found: `${set}; ${moment}: ${username} cannot log in`, args };
  return { holds: 'warn', expected, found: `${set}; ${moment}: allowed now, refused outside them`, args };
}
