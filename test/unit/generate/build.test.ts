import { expect } from 'chai';
import { buildComponents, conventionalNames, versionGaps } from '../../../src/generate/build.js';
import { assertApiVersionSupports } from '../../../src/generate/generate-app.js';
import { AppComponents, Component, componentsOf, fieldOf } from '../../../src/metadata/components.js';
import { FIELD_SPECS, fieldSpec } from '../../../src/metadata/schema.js';
import { COMPONENT_REQUIREMENTS } from '../../../src/requirements/table.js';
import { AppSpec } from '../../../src/spec/app-spec.js';
import { SpecInput } from '../../../src/spec/validate-input.js';
import { testSpec } from '../../helpers/spec.js';

const input: Partial<SpecInput> = { name: 'SendSafely_Dropzone_Connector', label: 'SendSafely Dropzone Connector' };
const specAt = (apiVersion: string, extra: Partial<SpecInput> = {}): AppSpec => testSpec({ ...input, ...extra, apiVersion });

function versionError(spec: AppSpec): { name: string; message: string; exitCode: number; actions?: string[] } {
  try {
    assertApiVersionSupports(spec);
  } catch (error) {
    return error as { name: string; message: string; exitCode: number; actions?: string[] };
  }
  throw new Error(`API ${spec.apiVersion} accepted`);
}

describe('building the app', () => {
  const app = buildComponents(specAt('66.0'));
  const global = app.globalOauth!;

  it('builds the five components with the names of docs/naming.md, none missing', () => {
    expect(componentsOf(app).map((component) => [component.kind, component.fullName])).to.deep.equal(
      Object.entries(conventionalNames('SendSafely_Dropzone_Connector'))
    );
  });

  it('writes the value of every table row that has one', () => {
    const expected: Record<string, unknown> = {
      'contact-email': 'admin@example.com',
      'local-distribution': 'Local',
      'oauth-scopes': 'Full, Api, RefreshToken',
      'callback-url': 'https://login.salesforce.com/services/oauth2/success',
      'pre-authorized-profiles': 'System Administrator',
    };
    for (const row of COMPONENT_REQUIREMENTS) {
      const component = componentsOf(app).find((candidate) => candidate.kind === row.component);
      const value = fieldOf(component, row.field);
      const uncertain = fieldSpec(row.component, row.field)?.uncertain === true;
      if (uncertain) expect(value, `${row.id}: support uncertain, its default meets the rule, never written`).to.equal(undefined);
      else if (row.rule.kind === 'equals') expect(value, row.id).to.equal(row.rule.value);
      else if (row.id in expected) expect(value, row.id).to.equal(expected[row.id]);
      else expect(value, `${row.id} has nothing to write for this spec`).to.equal(undefined);
    }
  });

  it('writes PKCE and secret-for-refresh explicitly false (their metadata defaults are true)', () => {
    expect(global.fields).to.include({ isPkceRequired: false, isSecretRequiredForRefreshToken: false, isDeviceFlowEnabled: true });
  });

  it('leaves no boolean of the global OAuth settings to a default', () => {
    // isCodeCredPostOnly only shapes the code-and-credentials flow, which is written disabled.
    // Elements whose support is uncertain are left out on purpose (their defaults are what the connector needs).
    const booleans = FIELD_SPECS.ExtlClntAppGlobalOauthSettings.filter(
      (spec) => spec.type === 'boolean' && spec.name !== 'isCodeCredPostOnly' && spec.uncertain !== true
    );
    for (const spec of booleans) {
      expect(typeof fieldOf(global, spec.name), spec.name).to.equal('boolean');
    }
    expect(fieldOf(global, 'isCodeCredFlowEnabled')).to.equal(false);
  });

  it('never writes a consumer key or secret', () => {
    expect(global.fields).not.to.have.any.keys('consumerKey', 'consumerSecret');
  });

  it('adds the optional values only when asked', () => {
    const full = buildComponents(
      specAt('66.0', {
        description: 'Dropzone',
        orgType: 'sandbox',
        profiles: ['System Administrator', 'Support Agent'],
        permissionSets: ['Dropzone_Users'],
        sessionTimeoutMinutes: 120,
      })
    );
    expect(full.header!.fields.description).to.equal('Dropzone');
    expect(full.globalOauth!.fields.callbackUrl).to.equal('https://test.salesforce.com/services/oauth2/success');
    expect(full.oauthPolicy!.fields).to.include({
      commaSeparatedProfile: 'System Administrator, Support Agent',
      commaSeparatedPermissionSet: 'Dropzone_Users',
      sessionTimeoutInMinutes: 120,
    });
    expect(app.oauthPolicy!.fields).not.to.have.any.keys('commaSeparatedPermissionSet', 'sessionTimeoutInMinutes');
    expect(app.header!.fields).not.to.have.key('description');
  });

  it('names satellites after the app and labels them with their own name', () => {
    const named: AppComponents = buildComponents(specAt('66.0', { name: 'Dropzone' }));
    for (const component of componentsOf(named).slice(1) as Component[]) {
      expect(fieldOf(component, 'externalClientApplication')).to.equal('Dropzone');
      expect(fieldOf(component, 'label')).to.equal(component.fullName);
    }
  });

  describe('API versions', () => {
    it('58.0 lacks every type: refused naming them', () => {
      const spec = specAt('58.0');
      expect(versionGaps(spec).filter((gap) => gap.field === undefined)).to.have.length(5);
      const error = versionError(spec);
      expect(error.name).to.equal('ApiVersionTooOldError');
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.include('API version 58.0 lacks what the app needs');
      expect(error.message).to.include('ExternalClientApplication (since 59.0)');
      expect(error.message).to.include('ExtlClntAppConfigurablePolicies (since 60.0)');
      expect(error.message).not.to.include('.isDeviceFlowEnabled');
      expect(error.actions?.join(' ')).to.include('63.0');
    });

    it('59.0 lacks the app policies type', () => {
      expect(versionError(specAt('59.0')).message).to.include('ExtlClntAppConfigurablePolicies (since 60.0)');
    });

    it('62.0 lacks commaSeparatedProfile: refused naming the field', () => {
      const spec = specAt('62.0');
      expect(versionGaps(spec)).to.deep.equal([
        { kind: 'ExtlClntAppOauthConfigurablePolicies', field: 'commaSeparatedProfile', since: 63 },
      ]);
      const error = versionError(spec);
      expect(error.message).to.equal(
        'API version 62.0 lacks what the app needs: ExtlClntAppOauthConfigurablePolicies.commaSeparatedProfile (since 63.0).'
      );
    });

    it('62.0 is enough when only permission sets are pre-authorized', () => {
      expect(() => assertApiVersionSupports(specAt('62.0', { profiles: [], permissionSets: ['Dropzone_Users'] }))).not.to.throw();
    });

    for (const version of ['63.0', '64.0', '65.0', '66.0', '67.0']) {
      it(`${version} is accepted`, () => {
        expect(versionGaps(specAt(version))).to.deep.equal([]);
        expect(() => assertApiVersionSupports(specAt(version))).not.to.throw();
      });
    }

    it('never writes isNamedUserJwtEnabled, whose support is uncertain and whose default (false) is what we want', () => {
      for (const version of ['64.0', '65.0', '66.0', '67.0']) {
        expect(buildComponents(specAt(version)).globalOauth!.fields).not.to.have.key('isNamedUserJwtEnabled');
        expect(buildComponents(specAt(version)).oauthPolicy!.fields).not.to.have.key('isNamedUserJwtEnabled');
      }
    });
  });
});
