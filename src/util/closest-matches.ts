import levenshtein from 'fast-levenshtein';

/**
 * The candidates close enough to `name` to be what the user meant, best first (at most `limit`). Close enough: within
 * a third of the name's length in edits (at least 2), or containing / contained in it ("Admin" → "System Administrator").
 */
export function closestMatches(name: string, candidates: readonly string[], limit = 3): string[] {
  const wanted = name.trim().toLowerCase();
  if (wanted.length === 0) return [];
  const threshold = Math.max(2, Math.floor(wanted.length / 3));
  return candidates
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const distance = levenshtein.get(wanted, lower);
      const related = distance <= threshold || (wanted.length >= 3 && (lower.includes(wanted) || wanted.includes(lower)));
      return { candidate, distance, related };
    })
    .filter((entry) => entry.related && entry.candidate.toLowerCase() !== wanted)
    .sort((left, right) => left.distance - right.distance || left.candidate.localeCompare(right.candidate))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}
