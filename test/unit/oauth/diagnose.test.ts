import { expect } from 'chai';
import { buildComponents } from '../../../src/generate/build.js';
import { AppComponents, Component, FieldValue, SLOT_OF_KIND } from '../../../src/metadata/components.js';
import { ComponentKind } from '../../../src/metadata/kinds.js';
import { Diagnosis, LoginFailure, diagnose, suspectsOf } from '../../../src/oauth/diagnose.js';
import { testSpec } from '../../helpers/spec.js';

const compliant = buildComponents(testSpec());

function withFields(app: AppComponents, kind: ComponentKind, fields: Record<string, FieldValue | undefined>): AppComponents {
  const slot = SLOT_OF_KIND[kind];
  const component = app[slot] as Component;
  const merged: Record<string, FieldValue | undefined> = { ...component.fields, ...fields };
  for (const [key, value] of Object.entries(fields)) if (value === undefined) delete merged[key];
  return { ...app, [slot]: { ...component, fields: merged } };
}

const GLOBAL = 'ExtlClntAppGlobalOauthSettings';
const POLICY = 'ExtlClntAppOauthConfigurablePolicies';
const causes = (diagnoses: Diagnosis[]): string[] => diagnoses.map((diagnosis) => diagnosis.cause);
const refreshFailure = (code: string, description?: string): LoginFailure => ({ step: 'refresh', code, description });

describe('oauth/diagnose', () => {
  it('refresh invalid_client "client secret required" + the secret-for-refresh row failing → that row, with its fix', () => {
    const app = withFields(compliant, GLOBAL, { isSecretRequiredForRefreshToken: true });
    const [diagnosis, ...rest] = diagnose(refreshFailure('invalid_client', 'client secret required'), app);
    expect(rest).to.deep.equal([]);
    expect(diagnosis).to.include({ cause: 'secret-required-for-refresh', severity: 'error', requirement: 'refresh-secret-off', found: 'true' });
    expect(diagnosis.action).to.contain('Require Secret for Refresh Token Flow');
  });

  it('refresh invalid_client without the app readable still names the secret, and says the app was not read', () => {
    const [diagnosis] = diagnose(refreshFailure('invalid_client', 'client secret required'), undefined);
    expect(diagnosis.cause).to.equal('secret-required-for-refresh');
    expect(diagnosis.message).to.contain('client secret required');
    expect(diagnosis.action).to.contain('could not be read');
  });

  it('refresh invalid_grant with PKCE required → pkce-required', () => {
    const app = withFields(compliant, GLOBAL, { isPkceRequired: true });
    expect(causes(diagnose(refreshFailure('invalid_grant', 'expired access/refresh token'), app))).to.deep.equal(['pkce-required']);
  });

  it('refresh invalid_grant with policy Zero → refresh-policy', () => {
    const app = withFields(compliant, POLICY, { refreshTokenPolicyType: 'Zero' });
    const [diagnosis] = diagnose(refreshFailure('invalid_grant'), app);
    expect(diagnosis).to.include({ cause: 'refresh-policy', requirement: 'refresh-token-until-revoked', found: 'Zero' });
  });

  it('refresh invalid_grant with several culprits lists each, secret first', () => {
    const app = withFields(withFields(compliant, GLOBAL, { isPkceRequired: true, isSecretRequiredForRefreshToken: undefined }), POLICY, { refreshTokenPolicyType: 'Zero' });
    expect(causes(diagnose(refreshFailure('invalid_grant'), app))).to.deep.equal(['secret-required-for-refresh', 'pkce-required', 'refresh-policy']);
  });

  it('refresh invalid_grant on a compliant app → refresh-rejected (revoked, token cap, …)', () => {
    const [diagnosis] = diagnose(refreshFailure('invalid_grant', 'expired access/refresh token'), compliant);
    expect(diagnosis.cause).to.equal('refresh-rejected');
    expect(diagnosis.action).to.contain('5 refresh tokens');
  });

  it('invalid_app_access → user-not-pre-authorized, naming who is pre-authorized now', () => {
    const [diagnosis] = diagnose({ step: 'user-approval', code: 'invalid_app_access', description: 'user is not admin approved to access this app' }, compliant);
    expect(diagnosis).to.include({ cause: 'user-not-pre-authorized', found: 'System Administrator' });
    expect(diagnosis.message).to.contain('user is not admin approved');
  });

  it('no refresh token in the answer → scope-missing, from the scopes row when it fails', () => {
    const app = withFields(compliant, 'ExtlClntAppOauthSettings', { commaSeparatedOauthScopes: 'Full, Api' });
    const [diagnosis] = diagnose({ step: 'refresh', code: 'no_refresh_token', description: 'full api' }, app);
    expect(diagnosis).to.include({ cause: 'scope-missing', requirement: 'oauth-scopes', found: 'Full, Api' });
  });

  it('invalid_scope on a compliant app → scope-missing from the answer', () => {
    expect(causes(diagnose({ step: 'device-authorization', code: 'invalid_scope' }, compliant))).to.deep.equal(['scope-missing']);
  });

  it('device flow refused at the start with device flow off → device-flow-off', () => {
    const app = withFields(compliant, GLOBAL, { isDeviceFlowEnabled: false });
    const [diagnosis] = diagnose({ step: 'device-authorization', code: 'invalid_request', description: 'device flow not enabled for this client' }, app);
    expect(diagnosis).to.include({ cause: 'device-flow-off', requirement: 'device-flow', found: 'false' });
  });

  it('device flow refused with every setting right → device-flow-refused (check the login host)', () => {
    const [diagnosis] = diagnose({ step: 'device-authorization', code: 'invalid_client_id' }, compliant);
    expect(diagnosis.cause).to.equal('device-flow-refused');
    expect(diagnosis.action).to.contain('--login-url');
  });

  it('poll refused for want of the secret after approval → secret-required-for-device-poll, not "check the login host"', () => {
    const [diagnosis] = diagnose({ step: 'user-approval', code: 'invalid_client', description: 'client secret required' }, compliant);
    expect(diagnosis.cause).to.equal('secret-required-for-device-poll');
    expect(diagnosis.message).to.contain('client secret required');
    expect(diagnosis.action).to.contain('isConsumerSecretOptional');
  });

  it('denied, timed out, expired: the answer alone, whatever the settings', () => {
    const broken = withFields(compliant, GLOBAL, { isPkceRequired: true });
    expect(causes(diagnose({ step: 'user-approval', code: 'access_denied' }, broken))).to.deep.equal(['user-denied']);
    expect(causes(diagnose({ step: 'user-approval', code: 'timeout' }, broken))).to.deep.equal(['timed-out']);
    expect(causes(diagnose({ step: 'user-approval', code: 'expired_token' }, broken))).to.deep.equal(['code-expired']);
  });

  it('a passing run warns only about settings that cut the connector off later', () => {
    expect(diagnose(undefined, compliant)).to.deep.equal([]);
    const app = withFields(withFields(compliant, POLICY, { refreshTokenPolicyType: 'SpecificLifetime', refreshTokenValidityPeriod: 1, refreshTokenValidityUnit: 'Hours' }), GLOBAL, {
      isRefreshTokenRotationEnabled: true,
    });
    const warnings = diagnose(undefined, app);
    expect(warnings.map((warning) => [warning.cause, warning.severity, warning.found])).to.deep.equal([
      ['refresh-policy', 'warning', 'SpecificLifetime (1 Hours)'],
      ['refresh-rotation', 'warning', 'true'],
    ]);
  });

  it('suspects: network failures are certain, refresh errors naming the secret are certain', () => {
    expect(suspectsOf({ step: 'refresh', code: 'network_error' })).to.deep.include({ fallback: 'login-host-unreachable', certain: true });
    expect(suspectsOf({ step: 'refresh', code: 'invalid_request', description: 'Client Secret missing' })).to.deep.include({ fallback: 'secret-required-for-refresh', certain: true });
    expect(suspectsOf({ step: 'refresh', code: 'invalid_grant' }).certain).to.equal(undefined);
  });
});
