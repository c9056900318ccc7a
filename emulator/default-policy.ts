import { typeByName } from './schema.js';
import { FieldMap, KEY_PREFIX, OrgState } from './state.js';

const POLICY_TYPE = 'ExtlClntAppOauthConfigurablePolicies';

/**
 * The OAuth policy Salesforce generates for an app whose OAuth settings arrive without one: named after the OAuth
 * settings, with the values never-edited real policies retrieve with (see emulator/README.md, "Generated policies").
 */
export function generateDefaultPolicies(state: OrgState, oauthSettingsNames: readonly string[], userId: string, now: string): void {
  if (!typeByName(POLICY_TYPE)) return;
  for (const settingsName of oauthSettingsNames) {
    const settings = state.component('ExtlClntAppOauthSettings', settingsName);
    const app = settings?.fields.externalClientApplication;
    if (typeof app !== 'string' || state.satellites(POLICY_TYPE, app).length > 0) continue;
    const fullName = `${settingsName}_defaultPolicy`;
    const fields: FieldMap = {
      externalClientApplication: app,
      ipRelaxationPolicyType: 'Enforce',
      isClientCredentialsFlowEnabled: 'false',
      isGuestCodeCredFlowEnabled: 'false',
      isTokenExchangeFlowEnabled: 'false',
      label: fullName,
      permittedUsersPolicyType: 'AllSelfAuthorized',
      refreshTokenPolicyType: 'SpecificLifetime',
      refreshTokenValidityPeriod: '365',
      refreshTokenValidityUnit: 'Days',
      requiredSessionLevel: 'STANDARD',
    };
    state.data.components.push({
      type: POLICY_TYPE,
      fullName,
      id: state.newId(KEY_PREFIX[POLICY_TYPE]),
      fields,
      createdDate: now,
      lastModifiedDate: now,
      createdById: userId,
      lastModifiedById: userId,
    });
  }
}
