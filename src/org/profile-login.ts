import { XMLParser } from 'fast-xml-parser';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One day's login window in minutes after midnight (`end` 1440 is the end of the day); start = end forbids the day. */
export type LoginWindow = { readonly start: number; readonly end: number };
/** A profile's login hours by day; a day left out has no restriction. Empty: the profile sets none. */
export type ProfileLoginHours = Readonly<Partial<Record<Weekday, LoginWindow>>>;

/**
 * Metadata API names that standard profiles have instead of their (English) names, as retrieved project files show
 * them (Admin.profile, Standard.profile, …). Some orgs keep a standard profile under its name (`Read Only.profile`),
 * so both are asked for: the retrieve answers a name it does not know with a message, not an error.
 */
const STANDARD_PROFILE_NAMES: Readonly<Record<string, string>> = {
  'System Administrator': 'Admin',
  'Standard User': 'Standard',
  'Read Only': 'ReadOnly',
  'Solution Manager': 'SolutionManager',
  'Marketing User': 'MarketingProfile',
  'Contract Manager': 'ContractManager',
  'Standard Platform User': 'StandardAul',
  'High Volume Customer Portal': 'HighVolumePortal',
  'Authenticated Website': 'PlatformPortal',
};

/** A profile name with every character but letters, digits, spaces, hyphens and underscores percent-encoded. */
function encodedProfileName(name: string): string {
  return [...name]
    .map((char) =>
      /[A-Za-z0-9 _-]/.test(char)
        ? char
        : [...Buffer.from(char)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')
    )
    .join('');
}

/**
 * The Metadata API names a profile may have, for a retrieve: a custom profile's name with `:` and `.` (and other
 * characters a file name cannot hold) percent-encoded (`Custom%3A Support Profile`, `Work%2Ecom Only User`), and a
 * standard profile's own name.
 */
export function profileMetadataNames(profileName: string): string[] {
  return [...new Set([STANDARD_PROFILE_NAMES[profileName], encodedProfileName(profileName)].filter((name): name is string => Boolean(name)))];
}

const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'loginHours' });

/** The login hours a retrieved `.profile` file sets (none when it has no `<loginHours>`). */
export function parseProfileLoginHours(xml: string): ProfileLoginHours {
  const parsed = parser.parse(xml) as { Profile?: { loginHours?: Array<Record<string, unknown>> } };
  const element = parsed.Profile?.loginHours?.[0];
  if (!element) return {};
  const minutes = (value: unknown): number | undefined => {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    return Number.isFinite(number) ? number : undefined;
  };
  const hours: Partial<Record<Weekday, LoginWindow>> = {};
  for (const day of WEEKDAYS) {
    const start = minutes(element[`${day}Start`]);
    const end = minutes(element[`${day}End`]);
    if (start !== undefined || end !== undefined) hours[day] = { start: start ?? 0, end: end ?? 1440 };
  }
  return hours;
}
