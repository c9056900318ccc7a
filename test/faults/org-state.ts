import type { EmulatorOrg } from '../helpers/emulator-org.js';

/**
 * The org's ECA components as comparable data: `type:fullName` → fields, without what the org generates (the
 * consumer key and secret, and the link to the consumer record), so that two emulators holding the same app compare
 * equal.
 */
export type OrgSnapshot = Record<string, Record<string, unknown>>;

const GENERATED_FIELDS = new Set(['consumerKey', 'consumerSecret', 'oauthLink']);

export function snapshot(env: EmulatorOrg): OrgSnapshot {
  const components = env.emulator.org.components().sort((a, b) => `${a.type}:${a.fullName}`.localeCompare(`${b.type}:${b.fullName}`));
  return Object.fromEntries(
    components.map((component) => [
      `${component.type}:${component.fullName}`,
      Object.fromEntries(Object.entries(component.fields).filter(([field]) => !GENERATED_FIELDS.has(field)).sort(([a], [b]) => a.localeCompare(b))),
    ])
  );
}

export const sameState = (a: OrgSnapshot, b: OrgSnapshot): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Which of the two states the org holds: 'old', 'new', or 'mixed' (anything else). */
export function whichState(now: OrgSnapshot, old: OrgSnapshot, updated: OrgSnapshot): 'old' | 'new' | 'mixed' {
  if (sameState(now, updated)) return 'new';
  if (sameState(now, old)) return 'old';
  return 'mixed';
}
