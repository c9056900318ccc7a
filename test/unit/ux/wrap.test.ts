import { expect } from 'chai';
import { sentenceWidth, wrapLine, wrapText } from '../../../src/ux/wrap.js';

describe('sentences wrapped to the terminal', () => {
  const next =
    'Next: in the Dropzone Connector setup, enter this consumer key and the consumer secret, then authorize the connector as a pre-authorized user. Get the secret with:';

  it('breaks at word boundaries only, within the width, and the words read back unchanged', () => {
    const wrapped = wrapLine(next, 80).split('\n');
    expect(wrapped.length).to.be.greaterThan(1);
    for (const line of wrapped) expect(line.length).to.be.at.most(80);
    expect(wrapped.join(' ')).to.equal(next);
  });

  it('keeps a printed command whole, on a line of its own when it does not fit after the text', () => {
    const command = 'sf dropzone app create --name Nope --target-org admin@dropzone.emulator --contact-email admin@dropzone.emulator';
    const wrapped = wrapLine(`Check the API name (--name), or create the app with your email as its contact: ${command}`, 80).split('\n');
    expect(wrapped).to.include(command);
    expect(wrapped.filter((line) => line.includes('sf dropzone'))).to.have.length(1);
  });

  it('keeps a quoted command whole up to its closing quote, and wraps the words after it', () => {
    const line = 'Checks the app against each row of the requirements table ("sf dropzone app validate --verbose" lists them all): OAuth scopes and more words here';
    const wrapped = wrapLine(line, 60).split('\n');
    expect(wrapped.some((part) => part.includes('"sf dropzone app validate --verbose"'))).to.equal(true);
    expect(wrapped.join(' ')).to.equal(line);
  });

  it('a URL longer than the width stays whole on its own line', () => {
    const url = `https://login.salesforce.com/setup/connect?user_code=${'A'.repeat(60)}`;
    const wrapped = wrapLine(`Approve the code at ${url} within 5 minutes`, 40).split('\n');
    expect(wrapped).to.include(url);
  });

  it('continuation lines keep the indent; a bullet hangs', () => {
    const wrapped = wrapText(`  - ${'word '.repeat(30).trim()}`, 40).split('\n');
    expect(wrapped[0].startsWith('  - word')).to.equal(true);
    for (const line of wrapped.slice(1)) expect(line.startsWith('    word')).to.equal(true);
  });

  it('lines that fit, and everything when not on a terminal or in CI, stay as they are', () => {
    expect(wrapText('short\nlines', 80)).to.equal('short\nlines');
    expect(sentenceWidth({ isTTY: false, columns: 80 }, {})).to.equal(Infinity);
    expect(sentenceWidth({ isTTY: true, columns: 80 }, { CI: 'true' })).to.equal(Infinity);
    expect(sentenceWidth({ isTTY: true, columns: 120 }, {})).to.equal(120);
    expect(wrapText(next, Infinity)).to.equal(next);
  });

  it('colour codes do not count toward the width', () => {
    const coloured = `\u001b[1m\u001b[33mWarning:\u001b[39m\u001b[22m ${'x'.repeat(70)}`;
    expect(wrapLine(coloured, 80)).to.equal(coloured);
  });
});
