import { AppSpec, CALLBACK_URLS, OrgType, SESSION_TIMEOUT_MINUTES } from './app-spec.js';

/** A bad value for one flag: `rule` is a key into messages/errors.md, `args` fill its `%s` placeholders. */
export class InputError extends Error {
  public constructor(
    public readonly flag: string,
    public readonly rule: string,
    public readonly args: readonly string[]
  ) {
    super(`--${flag}: ${rule} (${args.join(', ')})`);
    this.name = 'InputError';
  }
}

const MAX_NAME = 40;
const MAX_LABEL = 255;
const MAX_DESCRIPTION = 255;
const MAX_EMAIL = 80;
const MAX_URL = 1024;
const MAX_PROFILE = 255;

/** Salesforce developer names: a letter first, then letters, digits and single underscores, no trailing underscore. */
export function checkApiName(name: string): void {
  if (name.length === 0 || name.length > MAX_NAME) throw new InputError('name', 'name-length', [name, String(MAX_NAME)]);
  if (!/^[A-Za-z]/.test(name)) throw new InputError('name', 'name-start', [name]);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new InputError('name', 'name-chars', [name]);
  if (name.includes('__')) throw new InputError('name', 'name-double-underscore', [name]);
  if (name.endsWith('_')) throw new InputError('name', 'name-trailing-underscore', [name]);
}

// Control characters other than tab/newline cannot be carried by XML 1.0 at all.
// eslint-disable-next-line no-control-regex
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/**
 * Checks a text value and returns it as the org will hold it. XML parsers turn every line break into a line feed
 * ("\r\n" and a lone "\r" become "\n", XML 1.0 section 2.11), so a carriage return sent is never read back: it is
 * normalized here, before planning, or every re-run would find the value changed and deploy again.
 */
export function checkText(flag: string, raw: string, max: number, allowEmpty = false): string {
  const value = raw.replace(/\r\n?/g, '\n');
  if (!allowEmpty && value.trim().length === 0) throw new InputError(flag, 'text-empty', []);
  if (value.length > max) throw new InputError(flag, 'text-length', [String(value.length), String(max)]);
  if (XML_ILLEGAL.test(value)) throw new InputError(flag, 'text-control', []);
  if (value !== value.trim()) throw new InputError(flag, 'text-whitespace', []);
  return value;
}

export function checkEmail(email: string): string {
  // The shape Salesforce's email fields accept: one @, a dotted domain, no spaces.
  const valid =
    email.length <= MAX_EMAIL &&
    /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/.test(
      email
    ) &&
    !email.startsWith('.') &&
    !email.includes('..');
  if (!valid) throw new InputError('contact-email', 'email', [email]);
  return email;
}

export function checkCallbackUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError('callback-url', 'callback-invalid', [url]);
  }
  if (url.length > MAX_URL || /\s/.test(url)) throw new InputError('callback-url', 'callback-invalid', [url]);
  const isLocal = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol === 'https:') return url;
  if (parsed.protocol === 'http:' && isLocal) return url;
  throw new InputError('callback-url', 'callback-scheme', [url]);
}

export function checkApiVersion(version: string): string {
  if (!/^\d{2,3}\.0$/.test(version)) throw new InputError('api-version', 'api-version-format', [version]);
  return version;
}

export function checkSessionTimeout(minutes: number): number {
  if (!(SESSION_TIMEOUT_MINUTES as readonly number[]).includes(minutes)) {
    throw new InputError('session-timeout', 'session-timeout', [String(minutes), SESSION_TIMEOUT_MINUTES.join(', ')]);
  }
  return minutes;
}

/** Profile names and permission-set API names go into a comma-separated element: a comma would split them. */
export function checkAccessNames(flag: string, names: readonly string[]): string[] {
  const unique: string[] = [];
  const seen = new Set<string>();
  for (const raw of names) {
    const name = checkText(flag, raw, MAX_PROFILE);
    if (name.includes(',')) throw new InputError(flag, 'list-comma', [name]);
    if (!seen.has(name.toLowerCase())) unique.push(name);
    seen.add(name.toLowerCase());
  }
  return unique;
}

export type SpecInput = {
  name: string;
  label: string;
  description?: string;
  contactEmail: string;
  orgType: OrgType;
  callbackUrl?: string;
  profiles: readonly string[];
  permissionSets: readonly string[];
  sessionTimeoutMinutes?: number;
  apiVersion: string;
};

/** Validates every input once and returns the spec the rest of the plugin trusts. */
export function buildAppSpec(input: SpecInput): AppSpec {
  checkApiName(input.name);
  const description =
    input.description === undefined ? undefined : checkText('description', input.description, MAX_DESCRIPTION, true);
  const profiles = checkAccessNames('profile', input.profiles);
  const permissionSets = checkAccessNames('permission-set', input.permissionSets);
  if (profiles.length === 0 && permissionSets.length === 0) throw new InputError('profile', 'no-access', []);
  return {
    name: input.name,
    label: checkText('label', input.label, MAX_LABEL),
    ...(description === undefined || description === '' ? {} : { description }),
    contactEmail: checkEmail(input.contactEmail),
    orgType: input.orgType,
    callbackUrl: input.callbackUrl === undefined ? CALLBACK_URLS[input.orgType] : checkCallbackUrl(input.callbackUrl),
    profiles,
    permissionSets,
    ...(input.sessionTimeoutMinutes === undefined
      ? {}
      : { sessionTimeoutMinutes: checkSessionTimeout(input.sessionTimeoutMinutes) }),
    apiVersion: checkApiVersion(input.apiVersion),
  };
}
