import { expect } from 'chai';
import { wrapWords } from '../../../src/report/blocks.js';

describe('wrapping text to a column', () => {
  it('wraps at word boundaries within the width', () => {
    expect(wrapWords('one two three four', 9)).to.deep.equal(['one two', 'three', 'four']);
  });

  it('breaks a dotted name wider than the column after a dot, never inside an API name', () => {
    const lines = wrapWords('SendSafely_Dropzone_Connector_oauth_defaultPolicy.commaSeparatedProfile', 64);
    expect(lines).to.deep.equal(['SendSafely_Dropzone_Connector_oauth_defaultPolicy.', 'commaSeparatedProfile']);
    expect(lines.every((line) => line.length <= 64)).to.equal(true);
  });

  it('keeps a dotted name whole when it fits, and a long name without dots whole on its own line', () => {
    expect(wrapWords('see App_oauth.isPkceRequired now', 40)).to.deep.equal(['see App_oauth.isPkceRequired now']);
    expect(wrapWords('x https://login.salesforce.com/services/oauth2/success', 20)).to.deep.equal(['x', 'https://login.salesforce.com/services/oauth2/success']);
  });
});
