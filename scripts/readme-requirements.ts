// The requirements table as the README shows it: docs/requirements.md without its title, one heading level down,
// between the `requirements:start` and `requirements:end` markers.
export const README_START = '<!-- requirements:start -->';
export const README_END = '<!-- requirements:end -->';

export function readmeRequirementsSection(doc: string): string {
  const body = doc
    .split('\n')
    .filter((line, index) => !(index === 0 && line.startsWith('# ')))
    .map((line) => (/^#{1,5} /.test(line) ? `#${line}` : line))
    .join('\n')
    .trim();
  return `${README_START}\n${body}\n${README_END}`;
}

/** The README with its marked section replaced; throws when the markers are missing. */
export function withRequirementsSection(readme: string, doc: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${README_START} … ${README_END} markers`);
  return `${readme.slice(0, start)}${readmeRequirementsSection(doc)}${readme.slice(end + README_END.length)}`;
}
