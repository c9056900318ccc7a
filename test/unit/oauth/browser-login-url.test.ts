import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import sinon from 'sinon';
import { browserCommand, openBrowser } from '../../../src/oauth/browser.js';
import { checkLoginUrl } from '../../../src/oauth/login-url.js';

describe('oauth/browser', () => {
  it('picks open, xdg-open, or rundll32 (no shell parsing of & in the URL)', () => {
    const url = 'https://login.example.com/setup/connect?user_code=AB&x=1';
    expect(browserCommand(url, 'darwin')).to.deep.equal({ command: 'open', args: [url] });
    expect(browserCommand(url, 'linux')).to.deep.equal({ command: 'xdg-open', args: [url] });
    expect(browserCommand(url, 'win32')).to.deep.equal({ command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] });
  });

  it('spawns detached and ignores a missing opener', () => {
    const child = Object.assign(new EventEmitter(), { unref: sinon.spy() });
    const spawner = sinon.stub().returns(child);
    expect(openBrowser('https://login.example.com/setup/connect', 'linux', spawner as never)).to.equal(true);
    expect(spawner.firstCall.args[2]).to.deep.include({ detached: true, stdio: 'ignore' });
    expect(() => child.emit('error', new Error('spawn xdg-open ENOENT'))).not.to.throw();
    expect(child.unref.calledOnce).to.equal(true);
    const throwing = sinon.stub().throws(new Error('EACCES'));
    expect(openBrowser('https://login.example.com', 'linux', throwing as never)).to.equal(false);
  });

  it('refuses to open anything but http(s) URLs from the server', () => {
    const spawner = sinon.stub();
    expect(openBrowser('file:///etc/passwd', 'linux', spawner as never)).to.equal(false);
    expect(openBrowser('not a url', 'linux', spawner as never)).to.equal(false);
    expect(spawner.called).to.equal(false);
  });
});

describe('oauth/login-url', () => {
  it('accepts https hosts and My Domains, trimming trailing slashes', () => {
    expect(checkLoginUrl('https://login.salesforce.com/')).to.deep.equal({ ok: true, url: 'https://login.salesforce.com' });
    expect(checkLoginUrl('https://acme.my.salesforce.com')).to.deep.equal({ ok: true, url: 'https://acme.my.salesforce.com' });
    expect(checkLoginUrl('http://127.0.0.1:4321/')).to.deep.equal({ ok: true, url: 'http://127.0.0.1:4321' });
  });

  it('refuses plain http elsewhere, non-URLs, and URLs with a query or credentials', () => {
    expect(checkLoginUrl('http://login.salesforce.com')).to.deep.equal({ ok: false, problem: 'scheme' });
    expect(checkLoginUrl('login.salesforce.com')).to.deep.equal({ ok: false, problem: 'not-a-url' });
    expect(checkLoginUrl('https://login.salesforce.com/?x=1')).to.deep.equal({ ok: false, problem: 'has-query' });
    expect(checkLoginUrl('https://user:pw@login.salesforce.com')).to.deep.equal({ ok: false, problem: 'has-query' });
  });
});
