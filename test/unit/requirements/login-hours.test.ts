import { expect } from 'chai';
import { allowsLoginAt, describeLoginHours, localTime, loginHoursVerdict } from '../../../src/requirements/login-hours.js';
import type { ProfileLoginHours } from '../../../src/org/profile-login.js';
import type { UserAccessFacts } from '../../../src/org/user-access.js';

const officeHours: ProfileLoginHours = {
  monday: { start: 480, end: 1080 },
  tuesday: { start: 480, end: 1080 },
  wednesday: { start: 480, end: 1080 },
  thursday: { start: 480, end: 1080 },
  friday: { start: 480, end: 1080 },
  sunday: { start: 0, end: 0 },
};

const user = (loginHours: ProfileLoginHours | undefined, orgTimeZone: string | null = 'America/Los_Angeles'): UserAccessFacts => ({
  username: 'agent@example.com',
  found: true,
  profileName: 'Support Agent',
  ...(loginHours ? { loginHours } : {}),
  ...(orgTimeZone ? { orgTimeZone } : {}),
});

describe('login hours', () => {
  it('describes the hours as Setup lists them, Sunday first, grouping days alike and naming closed days', () => {
    expect(describeLoginHours(officeHours)).to.equal('Sun no login, Mon–Fri 08:00–18:00');
    expect(describeLoginHours({ saturday: { start: 540, end: 1440 } })).to.equal('Sat 09:00–24:00');
  });

  it('reads the weekday and minute in the org\'s zone, daylight saving included', () => {
    // 16:30 UTC on Monday 6 July 2026 is 09:30 in Los Angeles (PDT, UTC-7) and 17:30 in London (BST).
    expect(localTime(new Date('2026-07-06T16:30:00Z'), 'America/Los_Angeles')).to.deep.equal({ day: 'monday', minute: 570 });
    expect(localTime(new Date('2026-07-06T16:30:00Z'), 'Europe/London')).to.deep.equal({ day: 'monday', minute: 1050 });
    // In January Los Angeles is UTC-8: 07:30 UTC on Tuesday is still Monday 23:30 there.
    expect(localTime(new Date('2026-01-06T07:30:00Z'), 'America/Los_Angeles')).to.deep.equal({ day: 'monday', minute: 1410 });
    expect(localTime(new Date(), 'Not/AZone')).to.equal(undefined);
  });

  it('a day without hours is open; start = end closes the day; the end minute is excluded', () => {
    expect(allowsLoginAt(officeHours, { day: 'saturday', minute: 180 })).to.equal(true);
    expect(allowsLoginAt(officeHours, { day: 'sunday', minute: 600 })).to.equal(false);
    expect(allowsLoginAt(officeHours, { day: 'monday', minute: 480 })).to.equal(true);
    expect(allowsLoginAt(officeHours, { day: 'monday', minute: 1080 })).to.equal(false);
    expect(allowsLoginAt(officeHours, { day: 'monday', minute: 479 })).to.equal(false);
  });

  describe('the row', () => {
    it('passes when the profile sets none', () => {
      expect(loginHoursVerdict(user({}))).to.deep.include({ holds: true, found: 'profile Support Agent sets no login hours' });
    });

    it('fails when the hours block the user now, in the org\'s default time zone (not UTC, not the user\'s)', () => {
      // Monday 17:30 UTC is 10:30 in Los Angeles: inside the hours there; Monday 02:00 UTC is Sunday 19:00 there: closed.
      const inside = loginHoursVerdict(user(officeHours), new Date('2026-07-06T17:30:00Z'));
      expect(inside.holds).to.equal('warn');
      expect(inside.found).to.equal(
        "profile Support Agent allows logins only Sun no login, Mon–Fri 08:00–18:00; now Mon 10:30 in the org's default time zone America/Los_Angeles: allowed now, refused outside them"
      );
      const closed = loginHoursVerdict(user(officeHours), new Date('2026-07-06T02:00:00Z'));
      expect(closed.holds).to.equal(false);
      expect(closed.found).to.contain("now Sun 19:00 in the org's default time zone America/Los_Angeles: agent@example.com cannot log in");
      // The same instant in an org set to Tokyo is Monday 11:00: inside.
      expect(loginHoursVerdict(user(officeHours, 'Asia/Tokyo'), new Date('2026-07-06T02:00:00Z')).holds).to.equal('warn');
      expect(closed.args).to.deep.equal(['Support Agent', 'agent@example.com']);
    });

    it('warns, never passes, when the hours or the org\'s time zone could not be read', () => {
      const unread = loginHoursVerdict(user(undefined));
      expect(unread.holds).to.equal(undefined);
      expect(unread.found).to.contain('could not read the login hours of profile Support Agent');
      const noZone = loginHoursVerdict(user(officeHours, null));
      expect(noZone.holds).to.equal('warn');
      expect(noZone.found).to.contain("the org's time zone: could not read");
      expect(loginHoursVerdict(user(officeHours, 'Mars/Olympus_Mons')).holds).to.equal('warn');
    });
  });
});
