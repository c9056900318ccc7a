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
      ['create', 'Dropzone_oauthPlcy'],
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

  it('isNamedUserJwtEnabled: never added where absent, corrected where the org holds it true (global or policy)', () => {
    const absent = planApp(spec(), asRetrieved(buildComponents(spec())), options());
    expect(absent.kindsToDeploy).to.deep.equal([]);
    expect(absent.desired.globalOauth!.fields).not.to.have.key('isNamedUserJwtEnabled');
    const jwt = planApp(spec(), asRetrieved(buildComponents(spec()), { global: { isNamedUserJwtEnabled: true }, policy: { isNamedUserJwtEnabled: true } }), options());
    expect(jwt.kindsToDeploy).to.deep.equal(['ExtlClntAppGlobalOauthSettings', 'ExtlClntAppOauthConfigurablePolicies']);
    expect(jwt.desired.globalOauth!.fields).to.include({ isNamedUserJwtEnabled: false });
    expect(jwt.desired.oauthPolicy!.fields).to.include({ isNamedUserJwtEnabled: false });
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

  it('switches the callback for a sandbox', () => {
    const existing = asRetrieved(buildComponents(spec()));
    const plan = planApp(spec({ orgType: 'sandbox' }), existing, options());
    expect(plan.kindsToDeploy).to.deep.equal(['ExtlClntAppGlobalOauthSettings']);
    expect(plan.desired.globalOauth?.fields.callbackUrl).to.equal('https://test.salesforce.com/services/oauth2/success');
  });
});
