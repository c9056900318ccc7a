// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

const visibleLength = (text: string): number => text.replace(ANSI, '').length;

/**
 * The width sentences wrap at: the terminal's columns. In CI, in a pipe or a file, lines stay whole (Infinity): log
 * viewers wrap them themselves, and grep finds a sentence on one line.
 */
export function sentenceWidth(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = process.env): number {
  return stream.isTTY && stream.columns && !env.CI ? stream.columns : Infinity;
}

/**
 * The line's words, with a printed command kept whole: from a word `sf` (or `"sf`) to the end of the line, or to
 * the closing quote when it opened with one. Breaking a command over two lines would stop it pasting.
 */
function units(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let at = 0; at < words.length; at++) {
    const word = words[at];
    const opening = /^([("'`]*)sf$/.exec(word);
    if (!opening) {
      out.push(word);
      continue;
    }
    const quote = ['"', "'", '`'].find((mark) => opening[1].endsWith(mark));
    let end = words.length - 1;
    if (quote) {
      const closing = words.findIndex((candidate, index) => index > at && candidate.includes(quote));
      if (closing !== -1) end = closing;
    }
    out.push(words.slice(at, end + 1).join(' '));
    at = end;
  }
  return out;
}

/**
 * One line wrapped at word boundaries to `width` columns; continuation lines keep the line's indent, and a bullet
 * ("- ") hangs. A word or command longer than the width stays whole on a line of its own (a URL or a command pastes
 * as printed). Lines that fit, and every line when the width is Infinity, are returned as they are.
 */
export function wrapLine(line: string, width: number): string {
  if (!Number.isFinite(width) || visibleLength(line) <= width) return line;
  const indent = /^ */.exec(line)![0];
  const hanging = indent + (line.slice(indent.length).startsWith('- ') ? '  ' : '');
  const words = line.slice(indent.length).split(' ').filter((word) => word !== '');
  const lines: string[] = [];
  let current = indent;
  let empty = true;
  for (const unit of units(words)) {
    const candidate = empty ? current + unit : `${current} ${unit}`;
    if (empty || visibleLength(candidate) <= width) {
      current = candidate;
      empty = false;
      continue;
    }
    lines.push(current);
    current = hanging + unit;
  }
  lines.push(current);
  return lines.join('\n');
}

/** Every line of `text` wrapped to `width` (see wrapLine). */
export function wrapText(text: string, width: number): string {
  if (!Number.isFinite(width)) return text;
  return text
    .split('\n')
    .map((line) => wrapLine(line, width))
    .join('\n');
}
