import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { toJunitXml } from '../../../src/report/junit.js';
import { sampleFindings } from './fixtures.js';

type Case = {
  '@_classname': string;
  '@_name': string;
  failure?: { '@_message': string; '@_type': string; '#text': string };
  skipped?: { '@_message': string };
  'system-out': string;
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name === 'testcase',
});

function parse(xml: string): { suites: Record<string, string>; suite: Record<string, unknown>; cases: Case[] } {
  const document = parser.parse(xml) as { testsuites: Record<string, string> & { testsuite: Record<string, unknown> & { testcase: Case[] } } };
  return { suites: document.testsuites, suite: document.testsuites.testsuite, cases: document.testsuites.testsuite.testcase };
}

describe('JUnit report', () => {
  const xml = toJunitXml(sampleFindings, { appName: 'Dropzone', source: 'admin@example.com' });

  it('is well-formed XML 1.0, even with a control character in a value', () => {
    expect(XMLValidator.validate(xml)).to.equal(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).to.equal(true);
    expect(xml.includes('\u0007')).to.equal(false);
  });

  it('has one test case per finding, named "<id>: <step>", classed by component type', () => {
    const { cases } = parse(xml);
    expect(cases.map((testCase) => testCase['@_name'])).to.deep.equal(sampleFindings.map((f) => `${f.id}: ${f.step}`));
    expect(cases.map((testCase) => testCase['@_classname'])).to.deep.equal([
      'ExtlClntAppGlobalOauthSettings',
      'ExtlClntAppGlobalOauthSettings',
      'ExtlClntAppGlobalOauthSettings',
      'Org',
    ]);
  });

  it('counts tests, failures and skipped (warnings) on the suite and the root', () => {
    const { suites, suite } = parse(xml);
    for (const node of [suites, suite]) {
      expect(node).to.include({ '@_tests': '4', '@_failures': '2', '@_errors': '0', '@_skipped': '1' });
    }
    expect(suite['@_name']).to.equal('Dropzone: requirements of the SendSafely Dropzone Connector (admin@example.com)');
  });

  it('marks failures with message and type, warnings as skipped, passes with neither', () => {
    const { cases } = parse(xml);
    expect(cases[0].failure).to.equal(undefined);
    expect(cases[0].skipped).to.equal(undefined);
    expect(cases[1].failure).to.include({ '@_message': 'Expected false, found true.', '@_type': 'pkce-off' });
    expect(cases[1].failure!['#text']).to.contain('Action: Uncheck "Require Proof Key for Code Exchange (PKCE)".');
    expect(cases[3].failure).to.equal(undefined);
    expect(cases[3].skipped!['@_message']).to.equal(
      'Expected enableClientSecretInRestApiAccess = true, found false. Turn on "Allow access to External Client App consumer secrets via REST API".'
    );
  });

  it('escapes &, <, >, quotes and apostrophes so they read back unchanged', () => {
    const { cases } = parse(xml);
    const escaped = cases[2];
    expect(escaped['@_name']).to.equal('callback-url: Step 1 · Callback URL <for> the org type');
    expect(escaped.failure!['@_message']).to.equal(
      `Expected https://login.salesforce.com/services/oauth2/success?a=1&b="2", found (component missing) it's gone.`
    );
    expect(escaped.failure!['#text']).to.contain('success?a=1&b=2 & <deploy>.');
    expect(escaped['system-out']).to.equal(undefined);
    expect(xml).to.contain('&amp;b=&quot;2&quot;');
  });

  it('carries the details of every row, passing ones too', () => {
    const { cases } = parse(xml);
    expect(cases[0]['system-out']).to.contain('Component: Global OAuth settings (Dropzone_glbloauth.isDeviceFlowEnabled)');
    expect(cases[0]['system-out']).to.contain('Found: true');
  });

  it('writes a time stamp only when given', () => {
    expect(xml).to.not.contain('timestamp=');
    expect(toJunitXml(sampleFindings, { appName: 'D', source: 's', timestamp: '2026-01-01T00:00:00.000Z' })).to.contain(
      'timestamp="2026-01-01T00:00:00.000Z"'
    );
  });
});
