import { expect } from 'chai';
import { AppComponents, Component, PreservedElement } from '../../../src/metadata/components.js';
import { buildComponents } from '../../../src/generate/build.js';
import { planApp, PlanOptions } from '../../../src/create/plan.js';
import { testSpec as spec } from '../../helpers/spec.js';

const options = (overrides: Partial<PlanOptions> = {}): PlanOptions => ({
  replaceAccess: false,
  force: false,
  explicitHeaderFields: new Set(),
  ...overrides,
});

/** The app as an org returns it: generated ids, renamed satellites, and elements the plugin does not model. */
function asRetrieved(app: AppComponents, changes: { global?: Record<string, unknown>; policy?: Record<string, unknown> } = {}): AppComponents {
  const ipRanges: PreservedElement = {
    name: 'trustedIpRanges',
    node: { trustedIpRanges: [{ endIpAddress: [{ '#text': '10.0.0.9' }] }, { startIpAddress: [{ '#text': '10.0.0.1' }] }] },
  };
  return {
    header: { ...app.header!, fields: { ...app.header!.fields, description: 'Kept by the admin', orgScopedExternalApp: '00D000000000001:Dropzone' } },
    oauth: { ...app.oauth!, fullName: 'Dropzone_oauth_custom', preserved: [ipRanges] },
    globalOauth: {
      ...app.globalOauth!,
      fields: { ...app.globalOauth!.fields, consumerKey: '3MVG9KEY', consumerSecret: '****', ...changes.global },
    },
    oauthPolicy: { ...app.oauthPolicy!, fullName: 'Dropzone_policy_renamed', fields: { ...app.oauthPolicy!.fields, ...changes.policy } },
    policy: app.policy,
  };
}

describe('planApp', () => {
  it('creates all five components, with Setup names, when the app is new', () => {
    const plan = planApp(spec(), undefined, options());
    expect(plan.components.map((component) => [component.action, component.fullName])).to.deep.equal([
      ['create', 'Dropzone'],
      ['create', 'Dropzone_oauth'],
      ['create', 'Dropzone_glbloauth'],
      ['create', 'Dropzone_oauth_defaultPolicy'],
      ['create', 'Dropzone_plcy'],
    ]);
    expect(plan.kindsToDeploy).to.have.length(5);
  });

  it('deploys nothing when the org already matches, whatever the satellites are called', () => {
    const existing = asRetrieved(buildComponents(spec()));
    const plan = planApp(spec(), existing, options());
    expect(plan.kindsToDeploy).to.deep.equal([]);
    expect(plan.components.every((component) => component.action === 'unchanged')).to.equal(true);
    expect(plan.desired.oauthPolicy?.fullName).to.equal('Dropzone_policy_renamed');
  });

  it('redeploys only the drifted component and names the drifted field', () => {
    const existing = asRetrieved(buildComponents(spec()), { global: { isPkceRequired: true } });
    const plan = planApp(spec(), existing, options());
    expect(plan.kindsToDeploy).to.deep.equal(['ExtlClntAppGlobalOauthSettings']);
    const global = plan.components.find((component) => component.type === 'ExtlClntAppGlobalOauthSettings');
    expect(global?.changedFields).to.deep.equal(['isPkceRequired']);
    expect(plan.desired.globalOauth?.fields.isPkceRequired).to.equal(false);
  });

  it('isNamedUserJwtEnabled: never added where absent; where the org holds it true, a warning kept as it is, corrected only with --enforce-recommended', () => {
    const absent = planApp(spec(), asRetrieved(buildComponents(spec())), options());
    expect(absent.kindsToDeploy).to.deep.equal([]);
    expect(absent.desired.globalOauth!.fields).not.to.have.key('isNamedUserJwtEnabled');
    const orgHolds = asRetrieved(buildComponents(spec()), { global: { isNamedUserJwtEnabled: true }, policy: { isNamedUserJwtEnabled: true } });
    const kept = planApp(spec(), orgHolds, options());
    expect(kept.kindsToDeploy).to.deep.equal([]);
    expect(kept.desired.globalOauth!.fields).to.include({ isNamedUserJwtEnabled: true });
    const enforced = planApp(spec(), orgHolds, { ...options(), enforceRecommended: true });
    expect(enforced.kindsToDeploy).to.include.members(['ExtlClntAppGlobalOauthSettings', 'ExtlClntAppOauthConfigurablePolicies']);
    expect(enforced.desired.globalOauth!.fields).to.include({ isNamedUserJwtEnabled: false });
    expect(enforced.desired.oauthPolicy!.fields).to.include({ isNamedUserJwtEnabled: false });
  });

  it('keeps the newer global elements (isEnforceRefreshTokenTTL, isDPopEnabled) the org holds', () => {
    const plan = planApp(spec(), asRetrieved(buildComponents(spec()), { global: { isEnforceRefreshTokenTTL: true, isDPopEnabled: true } }), options());
    expect(plan.kindsToDeploy).to.deep.equal([]);
    expect(plan.desired.globalOauth!.fields).to.include({ isEnforceRefreshTokenTTL: true, isDPopEnabled: true });
  });

  it('never sends the consumer key or secret, and keeps what the guide does not govern', () => {
    const existing = asRetrieved(buildComponents(spec()), { global: { isDeviceFlowEnabled: false } });
    const plan = planApp(spec(), existing, options());
    expect(plan.desired.globalOauth?.fields).not.to.have.property('consumerKey');
    expect(plan.desired.globalOauth?.fields).not.to.have.property('consumerSecret');
    expect(plan.desired.header?.fields.description).to.equal('Kept by the admin');
    expect(plan.desired.header?.fields.orgScopedExternalApp).to.equal('00D000000000001:Dropzone');
    expect((plan.desired.oauth as Component).preserved.map((element) => element.name)).to.deep.equal(['trustedIpRanges']);
  });

  it('adds profiles to those already pre-authorized, or replaces them when asked', () => {
    const existing = asRetrieved(buildComponents(spec()), { policy: { commaSeparatedProfile: 'Support, System Administrator' } });
    const added = planApp(spec({ profiles: ['Standard User'] }), existing, options());
    expect(added.desired.oauthPolicy?.fields.commaSeparatedProfile).to.equal('Support, System Administrator, Standard User');
    const replaced = planApp(spec({ profiles: ['Standard User'] }), existing, options({ replaceAccess: true }));
    expect(replaced.desired.oauthPolicy?.fields.commaSeparatedProfile).to.equal('Standard User');
    const same = planApp(spec({ profiles: ['system administrator'] }), existing, options());
    expect(same.kindsToDeploy).to.deep.equal([]);
  });

  it('changes the label and description of an existing app only when they were asked for', () => {
    const existing = asRetrieved(buildComponents(spec()));
    const renamed = spec({ label: 'Renamed', description: 'New text' });
    expect(planApp(renamed, existing, options()).kindsToDeploy).to.deep.equal([]);
    const asked = planApp(renamed, existing, options({ explicitHeaderFields: new Set(['label', 'description']) }));
    expect(asked.kindsToDeploy).to.deep.equal(['ExternalClientApplication']);
    expect(asked.desired.header?.fields).to.include({ label: 'Renamed', description: 'New text' });
  });

  it('redeploys everything with force', () => {
    const plan = planApp(spec(), asRetrieved(buildComponents(spec())), options({ force: true }));
    expect(plan.kindsToDeploy).to.have.length(5);
  });

  it('adds the sandbox callback as another line, keeping the URLs already registered', () => {
    const existing = asRetrieved(buildComponents(spec()));
    const plan = planApp(spec({ orgType: 'sandbox' }), existing, options());
    expect(plan.kindsToDeploy).to.deep.equal(['ExtlClntAppGlobalOauthSettings']);
    expect(plan.desired.globalOauth?.fields.callbackUrl).to.equal(
      'https://login.salesforce.com/services/oauth2/success\nhttps://test.salesforce.com/services/oauth2/success'
    );
  });

  it('deploys nothing when the callback list already holds the URL for the org type, on any line', () => {
    const list = 'https://app.example.com/cb\nhttps://test.salesforce.com/services/oauth2/success\nhttps://login.salesforce.com/services/oauth2/success';
    const existing = asRetrieved(buildComponents(spec()), { global: { callbackUrl: list } });
    for (const orgType of ['production', 'sandbox'] as const) {
      expect(planApp(spec({ orgType }), existing, options()).kindsToDeploy).to.deep.equal([]);
    }
  });

  for (const scopes of ['Api, Full, RefreshToken, Web, OpenID', 'Api, Full, OfflineAccess', 'refreshtoken,api,full']) {
    it(`deploys nothing when the scopes are a superset in any order and spelling ("${scopes}")`, () => {
      const existing = asRetrieved(buildComponents(spec()));
      const withScopes = { ...existing, oauth: { ...existing.oauth!, fields: { ...existing.oauth!.fields, commaSeparatedOauthScopes: scopes } } };
      expect(planApp(spec(), withScopes, options()).kindsToDeploy).to.deep.equal([]);
    });
  }

  it('adds only the missing scopes, after the org\'s own in the org\'s order', () => {
    const existing = asRetrieved(buildComponents(spec()));
    const withScopes = { ...existing, oauth: { ...existing.oauth!, fields: { ...existing.oauth!.fields, commaSeparatedOauthScopes: 'Web, Api, Chatbot' } } };
    const plan = planApp(spec(), withScopes, options());
    expect(plan.desired.oauth?.fields.commaSeparatedOauthScopes).to.equal('Web, Api, Chatbot, Full, RefreshToken');
    expect(plan.components.find((component) => component.type === 'ExtlClntAppOauthSettings')?.changedFields).to.deep.equal([
      'commaSeparatedOauthScopes',
    ]);
  });

  it('keeps the settings the guide does not govern on an existing app (the generator\'s defaults are for new apps)', () => {
    const notGoverned = { isClientCredentialsFlowEnabled: true, isSecretRequiredForTokenExchange: true, isTokenExchangeEnabled: true, isCodeCredFlowEnabled: true, isIntrospectAllTokens: true };
    const existing = asRetrieved(buildComponents(spec()), {
      global: notGoverned,
      policy: { ipRelaxationPolicyType: 'Enforce_relaxrefresh', isClientCredentialsFlowEnabled: true, clientCredentialsFlowUser: 'run@example.com' },
    });
    const plan = planApp(spec(), existing, options());
    expect(plan.kindsToDeploy).to.deep.equal([]);
    const drifted = asRetrieved(buildComponents(spec()), { global: { ...notGoverned, isPkceRequired: true } });
    const fixed = planApp(spec(), drifted, options());
    expect(fixed.components.find((component) => component.type === 'ExtlClntAppGlobalOauthSettings')?.changedFields).to.deep.equal(['isPkceRequired']);
    expect(fixed.desired.globalOauth?.fields).to.include(notGoverned);
  });

  it('leaves recommended rows as they are unless asked to enforce them', () => {
    const existing = asRetrieved(buildComponents(spec()), { global: { isRefreshTokenRotationEnabled: true, shouldRotateConsumerKey: true } });
    expect(planApp(spec(), existing, options()).kindsToDeploy).to.deep.equal([]);
    const enforced = planApp(spec(), existing, options({ enforceRecommended: true }));
    expect(enforced.kindsToDeploy).to.deep.equal(['ExtlClntAppOauthSettings', 'ExtlClntAppGlobalOauthSettings']);
    expect(enforced.desired.globalOauth?.fields).to.include({ isRefreshTokenRotationEnabled: false, shouldRotateConsumerKey: false });
    expect((enforced.desired.oauth as Component).preserved.map((element) => element.name)).to.deep.equal([]);
    const oauth = enforced.components.find((component) => component.type === 'ExtlClntAppOauthSettings');
    expect(oauth?.changedFields).to.deep.equal(['trustedIpRanges']);
  });

  it('never changes the distribution state of an existing app, nor drops this org\'s ids', () => {
    const existing = asRetrieved(buildComponents(spec()));
    const { distributionState: _state, ...header } = existing.header!.fields;
    const plan = planApp(spec(), { ...existing, header: { ...existing.header!, fields: header } }, options());
    expect(plan.kindsToDeploy).to.deep.equal([]);
    expect(plan.desired.header?.fields).not.to.have.property('distributionState');
    const dropped = planApp(spec(), existing, options({ dropOrgIds: true }));
    expect(dropped.desired.header?.fields).not.to.have.property('orgScopedExternalApp');
  });
});
