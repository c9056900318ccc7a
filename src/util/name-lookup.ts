import { closestMatches } from './closest-matches.js';

export type NameLookup = {
  /** Each wanted name in the org's own spelling (unknown names as given). */
  readonly canonical: string[];
  /** The wanted names the org does not have, each with its close matches, best first. */
  readonly unknown: Array<{ readonly name: string; readonly suggestions: string[] }>;
};

/** Matches names (profiles, permission sets) against the org's, case-insensitively, as Salesforce does. */
export function lookUpNames(wanted: readonly string[], known: readonly string[]): NameLookup {
  const byLowerCase = new Map<string, string>();
  for (const candidate of known) if (!byLowerCase.has(candidate.toLowerCase())) byLowerCase.set(candidate.toLowerCase(), candidate);
  const unknown: NameLookup['unknown'] = [];
  const canonical = wanted.map((name) => {
    const match = byLowerCase.get(name.toLowerCase());
    if (!match) unknown.push({ name, suggestions: closestMatches(name, known) });
    return match ?? name;
  });
  return { canonical, unknown };
}
