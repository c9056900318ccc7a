import { readFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { format } from 'node:util';
import { SfError } from '@salesforce/core/sfError';

/**
 * Our messages/*.md, read the way @salesforce/core's `Messages` reads them (same sections, lists, %s tokens, error
 * names and `.actions`), for the modules `generate` loads. `Messages` imports @salesforce/core's logger (pino, its
 * worker plumbing, memfs, kit): about as much start-up time as oclif itself, to read a few strings.
 */
export type MessageBundle = {
  getMessage(key: string, tokens?: readonly unknown[]): string;
  getMessages(key: string, tokens?: readonly unknown[]): string[];
  createError(key: string, tokens?: readonly unknown[], actionTokens?: readonly unknown[], exitCode?: number): SfError;
};

const MESSAGES_DIR = new URL('../../messages/', import.meta.url);
const SPECIFIER = /%[sdifjoO]/g;
const LIST_ROW = /^[*-]\s+|^ {2}/;
const LIST_ITEM = /^[*-]\s+/gm;

/** `# key` sections; a section whose lines are all list rows is a list. */
export function parseMarkdownMessages(markdown: string, file = 'messages'): Map<string, string | string[]> {
  const map = new Map<string, string | string[]>();
  for (const section of markdown.split(/^#\s*/m).filter((part) => part.trim() !== '')) {
    const lines = section.split('\n');
    const key = (lines.shift() ?? '').trim();
    const rest = lines.join('\n').trim();
    if (key === '' || rest === '') throw new Error(`Invalid markdown message file: ${file}: "# ${key}" has no message`);
    const isList = lines.filter((line) => line.trim() !== '').every((line) => LIST_ROW.test(line));
    map.set(
      key,
      isList
        ? rest
            .split(LIST_ITEM)
            .filter((item) => item.trim() !== '')
            .map((item) => item.split('\n').map((line) => line.trim()).filter(Boolean).join('\n'))
        : rest
    );
  }
  return map;
}

/** Tokens fill the %s of each line in turn; a line without a specifier takes none. */
function render(value: string | string[], tokens: readonly unknown[]): string[] {
  let next = 0;
  return (Array.isArray(value) ? value : [value]).map((line) => {
    const count = line.match(SPECIFIER)?.length ?? 0;
    if (count === 0) return line;
    const used = tokens.slice(next, next + count);
    next += count;
    return format(line, ...used);
  });
}

const upperFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export function loadMessages(bundle: string): MessageBundle {
  const file = new URL(`${bundle}.md`, MESSAGES_DIR);
  const map = parseMarkdownMessages(readFileSync(file, 'utf8'), file.pathname);
  const lines = (key: string, tokens: readonly unknown[] = []): string[] => {
    const value = map.get(key);
    if (value === undefined) throw new SfError(`Missing message plugin-dropzone:${bundle}:${key}.`, 'MissingMessageError');
    return render(value, tokens);
  };
  return {
    getMessage: (key, tokens) => lines(key, tokens).join(EOL),
    getMessages: (key, tokens) => lines(key, tokens),
    createError: (key, tokens = [], actionTokens = [], exitCode) => {
      const name = `${upperFirst(key.replace(/^error.*\./, ''))}${/Error$/.test(key) ? '' : 'Error'}`;
      const actions = map.has(`${key}.actions`) ? lines(`${key}.actions`, actionTokens) : undefined;
      return new SfError(lines(key, tokens).join(EOL), name, actions, exitCode);
    },
  };
}
