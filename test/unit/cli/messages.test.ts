import { readdirSync } from 'node:fs';
import { expect } from 'chai';
import { Messages } from '@salesforce/core/messages';
import { loadMessages, parseMarkdownMessages } from '../../../src/cli/messages.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const bundles = readdirSync(new URL('../../../messages/', import.meta.url)).filter((file) => file.endsWith('.md')).map((file) => file.slice(0, -3));
const TOKENS = ['T1', 'T2', 'T3', 'T4', 'T5'];

/** Every key of every messages/*.md bundle: the lean loader must read exactly what @salesforce/core's Messages reads. */
describe('cli/messages: the lean loader reads messages/*.md as @salesforce/core does', () => {
  it('finds the bundles', () => {
    expect(bundles).to.include.members(['errors', 'app-flags', 'dropzone.app.generate']);
  });

  for (const bundle of bundles) {
    it(`${bundle}: every message, list and error is the same`, async () => {
      const theirs = Messages.loadMessages('plugin-dropzone', bundle);
      const ours = loadMessages(bundle);
      const { readFile } = await import('node:fs/promises');
      const keys = [...parseMarkdownMessages(await readFile(new URL(`../../../messages/${bundle}.md`, import.meta.url), 'utf8')).keys()];
      expect(keys.length, bundle).to.be.greaterThan(0);
      for (const key of keys) {
        expect(ours.getMessages(key, TOKENS), key).to.deep.equal(theirs.getMessages(key, TOKENS));
        expect(ours.getMessage(key, TOKENS), key).to.equal(theirs.getMessage(key, TOKENS));
        expect(ours.getMessage(key), key).to.equal(theirs.getMessage(key));
        if (key.endsWith('.actions')) continue;
        const [mine, real] = [ours.createError(key, TOKENS, TOKENS, 2), theirs.createError(key, TOKENS, TOKENS, 2)];
        expect({ name: mine.name, message: mine.message, actions: mine.actions, exitCode: mine.exitCode }, key).to.deep.equal({
          name: real.name,
          message: real.message,
          actions: real.actions,
          exitCode: real.exitCode,
        });
      }
    });
  }

  it('refuses an unknown key, naming it', () => {
    expect(() => loadMessages('errors').getMessage('no-such-key')).to.throw(/no-such-key/);
  });

  it('reads lists, indented continuation lines and sections without a message as Messages does', () => {
    const parsed = parseMarkdownMessages('# list\n\n- one %s\n- two\n  more\n\n# text\n\nline one\nline two\n');
    expect(parsed.get('list')).to.deep.equal(['one %s', 'two\nmore']);
    expect(parsed.get('text')).to.equal('line one\nline two');
    expect(() => parseMarkdownMessages('# empty\n\n# next\n\nx')).to.throw(/empty/);
  });
});
