import { Finding } from '../requirements/findings.js';
import { toRows } from './rows.js';
import { reportText } from './text.js';

/** Columns of the block's value text: the status tag's width plus the widest label (`Expected`) and two spaces. */
const INDENT = 6;
const LABEL_WIDTH = 10;
/** Narrower than this, wrapping would make each value a tower of words: let the terminal wrap instead. */
const MIN_VALUE_WIDTH = 24;

const DOTTED_API_NAME = /^[A-Za-z]\w*(\.[A-Za-z]\w*)+$/;

/**
 * Word-wraps `text` to `width` columns; a word longer than that stays whole, to stay copyable, except a dotted API name
 * (Component.field), which breaks after a dot.
 */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((candidate) => candidate !== '')) {
      // A dotted API name wider than the column (Component.field) breaks after a dot, so each name stays whole; a URL
      // or a path is never broken.
      const parts = word.length > width && DOTTED_API_NAME.test(word) ? word.split(/(?<=\.)/) : [word];
      parts.forEach((part, index) => {
        const separator = index === 0 ? ' ' : '';
        if (line === '') line = part;
        else if (line.length + separator.length + part.length <= width) line += `${separator}${part}`;
        else {
          lines.push(line);
          line = part;
        }
      });
    }
    lines.push(line);
  }
  return lines;
}

function field(label: string, value: string, width: number): string[] {
  const valueWidth = Math.max(MIN_VALUE_WIDTH, width - INDENT - LABEL_WIDTH);
  const pad = ' '.repeat(INDENT + LABEL_WIDTH);
  return wrapWords(value === '' ? '-' : value, valueWidth).map((line, index) =>
    index === 0 ? `${' '.repeat(INDENT)}${label.padEnd(LABEL_WIDTH)}${line}` : `${pad}${line}`
  );
}

/** `TAG   text`, the text wrapped under itself. */
function tagged(tag: string, text: string, width: number): string[] {
  return wrapWords(text, Math.max(MIN_VALUE_WIDTH, width - INDENT)).map((line, at) => (at === 0 ? tag.padEnd(INDENT) : ' '.repeat(INDENT)) + line);
}

/**
 * The findings as a person reads them at any width: each failing or warning requirement as a short block (status and
 * guide step, then field, found, expected and action wrapped to `width`), passing ones as a count, or one line each
 * with `verbose`. The same plain text on a terminal and in a CI log.
 */
export function findingBlocks(findings: readonly Finding[], options: { width: number; verbose: boolean }): string[] {
  const lines: string[] = [];
  const rows = toRows(findings);
  for (const [index, row] of rows.entries()) {
    const status = findings[index].status;
    if (status === 'pass') continue;
    lines.push(...tagged(reportText(`block.${status}`), row.step, options.width));
    if (row.field) lines.push(...field(reportText('block.field'), `${row.field} (${row.component})`, options.width));
    lines.push(...field(reportText('block.found'), row.found, options.width));
    lines.push(...field(reportText('block.expected'), row.expected, options.width));
    if (row.action) lines.push(...field(reportText('block.action'), row.action, options.width));
    lines.push('');
  }
  const passed = findings.filter((finding) => finding.status === 'pass');
  if (options.verbose) {
    for (const finding of passed) lines.push(...tagged(reportText('block.pass'), finding.step, options.width));
    if (passed.length > 0) lines.push('');
  } else if (passed.length > 0) {
    lines.push(reportText('block.passed-hidden', [passed.length]), '');
  }
  return lines;
}

/** The width to wrap at: the terminal's, or 80 columns when the output is a file, a pipe or a CI log. */
export function outputWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY && stream.columns ? stream.columns : 80;
}

/** A list of `tag  text` lines, the text wrapped to `width` under itself (a path or API name is never cut). */
export function taggedLines(items: ReadonlyArray<readonly [tag: string, text: string]>, width: number): string[] {
  const tagWidth = Math.max(...items.map(([tag]) => tag.length), 0) + 2;
  return items.flatMap(([tag, text]) =>
    wrapWords(text, Math.max(MIN_VALUE_WIDTH, width - tagWidth)).map((line, index) => `${(index === 0 ? tag : '').padEnd(tagWidth)}${line}`)
  );
}
