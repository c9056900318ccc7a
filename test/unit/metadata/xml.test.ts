import { expect } from 'chai';
import { Component, fieldOf } from '../../../src/metadata/components.js';
import { METADATA_NAMESPACE } from '../../../src/metadata/kinds.js';
import { MetadataXmlError, parseComponent, serializeComponent } from '../../../src/metadata/xml.js';

const header = (fields: Component<'ExternalClientApplication'>['fields']): Component<'ExternalClientApplication'> => ({
  kind: 'ExternalClientApplication',
  fullName: 'Dropzone',
  fields,
  preserved: [],
});

function elementNames(xml: string): string[] {
  return [...xml.matchAll(/^ {4}<([A-Za-z]+)[ >]/gm)].map((match) => match[1]);
}

function parseError(xml: string): MetadataXmlError {
  try {
    parseComponent(xml, 'Dropzone', 'some/file.eca-meta.xml');
  } catch (error) {
    expect(error).to.be.instanceOf(MetadataXmlError);
    return error as MetadataXmlError;
  }
  throw new Error(`parsed without error: ${xml}`);
}

// As Salesforce retrieves them: consumer key, oauthLink, repeated structured elements, and one element newer than our model.
const RETRIEVED_HEADER = `<?xml version="1.0" encoding="UTF-8"?>
<ExternalClientApplication xmlns="http://soap.sforce.com/2006/04/metadata">
    <contactEmail>admin@example.com</contactEmail>
    <distributionState>Local</distributionState>
    <isProtected>false</isProtected>
    <label>SendSafely Dropzone Connector</label>
    <orgScopedExternalApp>00D5g000004ABCD:SendSafely_Dropzone_Connector</orgScopedExternalApp>
</ExternalClientApplication>
`;

const RETRIEVED_OAUTH = `<?xml version="1.0" encoding="UTF-8"?>
<ExtlClntAppOauthSettings xmlns="http://soap.sforce.com/2006/04/metadata">
    <commaSeparatedOauthScopes>Api, Full, OfflineAccess</commaSeparatedOauthScopes>
    <customAttributes>
        <formula>$User.Email</formula>
        <key>email</key>
    </customAttributes>
    <externalClientApplication>SendSafely_Dropzone_Connector</externalClientApplication>
    <label>SendSafely_Dropzone_Connector_oauth</label>
    <oauthLink>https://example.my.salesforce.com/app/mgmt/eca/oauth?id=0xm000000000001</oauthLink>
    <trustedIpRanges>
        <description>Office</description>
        <endAddress>10.0.0.255</endAddress>
        <startAddress>10.0.0.1</startAddress>
    </trustedIpRanges>
    <trustedIpRanges>
        <endAddress>192.168.1.255</endAddress>
        <startAddress>192.168.1.1</startAddress>
    </trustedIpRanges>
    <zetaFutureSetting>
        <mode strict="true">on</mode>
    </zetaFutureSetting>
</ExtlClntAppOauthSettings>
`;

const RETRIEVED_GLOBAL = `<?xml version="1.0" encoding="UTF-8"?>
<ExtlClntAppGlobalOauthSettings xmlns="http://soap.sforce.com/2006/04/metadata">
    <callbackUrl>https://login.salesforce.com/services/oauth2/success</callbackUrl>
    <consumerKey>3MVG9ABCDEFGHIJKLMNOPQRSTUVWXYZ</consumerKey>
    <externalClientApplication>SendSafely_Dropzone_Connector</externalClientApplication>
    <isConsumerSecretOptional>false</isConsumerSecretOptional>
    <isDeviceFlowEnabled>true</isDeviceFlowEnabled>
    <isPkceRequired>false</isPkceRequired>
    <isSecretRequiredForRefreshToken>false</isSecretRequiredForRefreshToken>
    <label>SendSafely_Dropzone_Connector_glbloauth</label>
    <newerBoolean>true</newerBoolean>
</ExtlClntAppGlobalOauthSettings>
`;

describe('metadata xml', () => {
  describe('serializeComponent', () => {
    it('writes the declaration, the metadata namespace and 4-space indentation', () => {
      const xml = serializeComponent(header({ label: 'Dropzone', contactEmail: 'a@example.com' }));
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).to.equal(true);
      expect(xml).to.include(`<ExternalClientApplication xmlns="${METADATA_NAMESPACE}">`);
      expect(xml).to.include('\n    <label>Dropzone</label>\n');
      expect(xml.endsWith('</ExternalClientApplication>\n')).to.equal(true);
    });

    it('writes elements in alphabetical order whatever order the fields were set in', () => {
      const xml = serializeComponent(
        header({ label: 'L', isProtected: false, contactEmail: 'a@example.com', distributionState: 'Local', description: 'D' })
      );
      const names = elementNames(xml);
      expect(names).to.deep.equal(['contactEmail', 'description', 'distributionState', 'isProtected', 'label']);
    });

    it('writes false booleans explicitly', () => {
      const xml = serializeComponent({
        kind: 'ExtlClntAppGlobalOauthSettings',
        fullName: 'X_glbloauth',
        fields: { externalClientApplication: 'X', isPkceRequired: false, isSecretRequiredForRefreshToken: false },
        preserved: [],
      });
      expect(xml).to.include('<isPkceRequired>false</isPkceRequired>');
      expect(xml).to.include('<isSecretRequiredForRefreshToken>false</isSecretRequiredForRefreshToken>');
    });

    it('escapes markup characters so the text round-trips', () => {
      const label = 'R&D <Ops> "Dropzone"';
      const xml = serializeComponent(header({ label }));
      expect(xml).to.include('<label>R&amp;D &lt;Ops&gt; &quot;Dropzone&quot;</label>');
      expect(parseComponent(xml, 'Dropzone').fields).to.deep.equal({ label });
    });

    it('round-trips unicode, emoji, apostrophes and line breaks in a description', () => {
      const description = "Übertragung für Größe 🚀📦 — l'équipe\nsecond line";
      const parsed = parseComponent(serializeComponent(header({ label: 'ok', description })), 'Dropzone');
      expect(fieldOf(parsed, 'description')).to.equal(description);
    });

    it('is byte-stable: write → read → write gives the same bytes', () => {
      const first = serializeComponent(header({ label: 'R&D <Ops> "Dropzone"', contactEmail: 'a@example.com', isProtected: false }));
      const second = serializeComponent(parseComponent(first, 'Dropzone'));
      expect(second).to.equal(first);
    });
  });

  describe('parseComponent of retrieved files', () => {
    for (const [name, xml, fullName] of [
      ['header with orgScopedExternalApp', RETRIEVED_HEADER, 'SendSafely_Dropzone_Connector'],
      ['OAuth settings with oauthLink, customAttributes, two trustedIpRanges and an unknown element', RETRIEVED_OAUTH, 'X_oauth'],
      ['global settings with consumerKey and an unknown boolean', RETRIEVED_GLOBAL, 'X_glbloauth'],
    ]) {
      it(`${name}: read → write is byte-identical`, () => {
        expect(serializeComponent(parseComponent(xml, fullName))).to.equal(xml);
      });
    }

    it('types known scalars and keeps structured and unknown elements as they were, in order', () => {
      const oauth = parseComponent(RETRIEVED_OAUTH, 'X_oauth');
      expect(oauth.kind).to.equal('ExtlClntAppOauthSettings');
      expect(oauth.fullName).to.equal('X_oauth');
      expect(oauth.fields).to.deep.include({
        commaSeparatedOauthScopes: 'Api, Full, OfflineAccess',
        oauthLink: 'https://example.my.salesforce.com/app/mgmt/eca/oauth?id=0xm000000000001',
      });
      expect(oauth.preserved.map((element) => element.name)).to.deep.equal([
        'customAttributes',
        'trustedIpRanges',
        'trustedIpRanges',
        'zetaFutureSetting',
      ]);
    });

    it('reads booleans as booleans and keeps the consumer key it finds', () => {
      const global = parseComponent(RETRIEVED_GLOBAL, 'X_glbloauth');
      expect(global.fields).to.deep.include({ isPkceRequired: false, isDeviceFlowEnabled: true, consumerKey: '3MVG9ABCDEFGHIJKLMNOPQRSTUVWXYZ' });
      expect(global.preserved.map((element) => element.name)).to.deep.equal(['newerBoolean']);
    });

    it('keeps an unknown element when a known field changes', () => {
      const header = parseComponent(RETRIEVED_HEADER, 'SendSafely_Dropzone_Connector');
      const changed = serializeComponent({ ...header, fields: { ...header.fields, contactEmail: 'ops@example.com' } });
      expect(changed).to.equal(RETRIEVED_HEADER.replace('admin@example.com', 'ops@example.com'));
    });

    it('reads ints as numbers', () => {
      const xml = `<ExtlClntAppOauthConfigurablePolicies xmlns="${METADATA_NAMESPACE}"><sessionTimeoutInMinutes>120</sessionTimeoutInMinutes></ExtlClntAppOauthConfigurablePolicies>`;
      expect(parseComponent(xml, 'P').fields).to.deep.equal({ sessionTimeoutInMinutes: 120 });
    });

    it('accepts CRLF line endings and a byte order mark', () => {
      const parsed = parseComponent(`\uFEFF${RETRIEVED_HEADER.replace(/\n/g, '\r\n')}`, 'SendSafely_Dropzone_Connector');
      expect(fieldOf(parsed, 'label')).to.equal('SendSafely Dropzone Connector');
      expect(serializeComponent(parsed)).to.equal(RETRIEVED_HEADER);
    });
  });

  describe('bad input', () => {
    it('refuses XML that is not well-formed, naming the file', () => {
      for (const xml of [
        '<ExternalClientApplication><label>x</labe></ExternalClientApplication>',
        '<ExternalClientApplication><label>x</label>',
        '<ExternalClientApplication><label>R&D</label></ExternalClientApplication>',
        'not xml at all',
        '',
      ]) {
        const error = parseError(xml);
        expect(error.message, xml).to.match(/^(Not well-formed XML|Root element)/);
        expect(error.file).to.equal('some/file.eca-meta.xml');
      }
    });

    it('refuses a document with two root elements', () => {
      expect(parseError('<ExternalClientApplication/><ExternalClientApplication/>').message).to.include('more than one root');
    });

    it('refuses a root that is not one of the five types, naming it', () => {
      const error = parseError(`<ConnectedApp xmlns="${METADATA_NAMESPACE}"><label>x</label></ConnectedApp>`);
      expect(error.message).to.equal('Root element <ConnectedApp> is not one of the External Client App types.');
    });

    it('refuses a boolean or int field holding something else', () => {
      expect(parseError('<ExternalClientApplication><isProtected>yes</isProtected></ExternalClientApplication>').message).to.equal(
        'ExternalClientApplication.isProtected must be true or false, found "yes".'
      );
      expect(
        parseError(
          '<ExtlClntAppOauthConfigurablePolicies><sessionTimeoutInMinutes>2h</sessionTimeoutInMinutes></ExtlClntAppOauthConfigurablePolicies>'
        ).message
      ).to.include('must be a whole number');
    });
  });
});
