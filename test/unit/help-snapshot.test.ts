import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { HELP_SNAPSHOT_DIR, commandHelpTexts, helpSnapshotFile } from '../helpers/help-text.js';

const EXIT_CODES: Record<string, number[]> = {
  'dropzone:app:create': [0, 1, 2, 69, 75, 130],
  'dropzone:app:credentials': [0, 1, 2],
  'dropzone:app:generate': [0, 1, 2],
  'dropzone:app:validate': [0, 1, 2, 3, 130],
  'dropzone:app:verify-login': [0, 1, 2, 3, 130],
};

const section = (text: string, header: string): string => {
  const start = text.indexOf(`\n${header}\n`);
  if (start < 0) return '';
  const rest = text.slice(start + header.length + 2);
  const next = rest.search(/\n[A-Z][A-Z ]+\n/);
  return next < 0 ? rest : rest.slice(0, next);
};

describe('each command --help', function () {
  this.timeout(60_000);
  let texts: Array<{ id: string; text: string }>;

  before(async () => {
    texts = await commandHelpTexts(process.cwd());
  });

  it('matches its committed snapshot (npm run snapshot:write rewrites them after a reviewed change)', () => {
    for (const { id, text } of texts) {
      const file = join(HELP_SNAPSHOT_DIR, helpSnapshotFile(id));
      expect(text, `${id} --help differs from ${file}`).to.equal(readFileSync(file, 'utf8'));
    }
  });

  it('lists every exit code of the command under ERROR CODES, and no DESCRIPTION repeats them', () => {
    expect(texts.map(({ id }) => id)).to.have.members(Object.keys(EXIT_CODES));
    for (const { id, text } of texts) {
      const listed = [...section(text, 'ERROR CODES').matchAll(/^ {2}\S.*? \((\d+)\)/gm)].map((match) => Number(match[1]));
      expect(listed, id).to.deep.equal(EXIT_CODES[id]);
      expect(section(text, 'DESCRIPTION'), id).not.to.match(/exit codes?:/i);
    }
  });

  it('names the environment and configuration variables the command reads', () => {
    for (const { id, text } of texts) {
      const variables = section(text, 'ENVIRONMENT VARIABLES');
      const config = section(text, 'CONFIGURATION VARIABLES');
      if (id === 'dropzone:app:generate') {
        expect(variables, id).to.include('SF_ORG_API_VERSION');
        expect(config, id).to.include('org-api-version').and.not.include('target-org');
      } else {
        expect(variables, id).to.include('SF_DROPZONE_REQUEST_TIMEOUT').and.include('SF_TARGET_ORG');
        expect(config, id).to.include('target-org');
      }
    }
  });

  it('has no empty USAGE alternative and no path into the repository', () => {
    for (const { id, text } of texts) {
      expect(section(text, 'USAGE'), id).not.to.match(/\|\s*\|/);
      expect(text, id).not.to.match(/\bdocs\/|\bsrc\//);
    }
  });

  it('gives --profile the default each command really uses', () => {
    const help = (verb: string): string => texts.find(({ id }) => id === `dropzone:app:${verb}`)?.text ?? '';
    expect(help('generate')).to.match(/Default: System\s+Administrator/);
    expect(help('create')).not.to.include('System Administrator.');
    expect(help('create')).to.match(/Default: the profile of the user who will\s+authorize\s+the\s+connector/);
  });
});
