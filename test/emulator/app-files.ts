/** The five Dropzone components (salesforce-eca.md §8) as metadata-format files, for deploy tests. */
export const APP = 'SendSafely_Dropzone_Connector';
const NS = 'http://soap.sforce.com/2006/04/metadata';

export type AppFile = { type: string; fullName: string; path: string; xml: string };

export function appFiles(app = APP, overrides: Partial<Record<'eca' | 'oauth' | 'global' | 'oauthPolicy' | 'policy', string>> = {}): AppFile[] {
  const doc = (root: string, body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NS}">\n${body}\n</${root}>\n`;
  return [
    {
      type: 'ExternalClientApplication',
      fullName: app,
      path: `externalClientApps/${app}.eca`,
      xml: doc('ExternalClientApplication', overrides.eca ?? `  <contactEmail>admin@example.com</contactEmail>
  <description>SendSafely Dropzone Connector</description>
  <distributionState>Local</distributionState>
  <isProtected>false</isProtected>
  <label>SendSafely Dropzone Connector</label>`),
    },
    {
      type: 'ExtlClntAppOauthSettings',
      fullName: `${app}_oauth`,
      path: `extlClntAppOauthSettings/${app}_oauth.ecaOauth`,
      xml: doc('ExtlClntAppOauthSettings', overrides.oauth ?? `  <commaSeparatedOauthScopes>Full, Api, RefreshToken</commaSeparatedOauthScopes>
  <externalClientApplication>${app}</externalClientApplication>
  <label>${app}_oauth</label>`),
    },
    {
      type: 'ExtlClntAppGlobalOauthSettings',
      fullName: `${app}_glbloauth`,
      path: `extlClntAppGlobalOauthSets/${app}_glbloauth.ecaGlblOauth`,
      xml: doc('ExtlClntAppGlobalOauthSettings', overrides.global ?? `  <callbackUrl>https://login.salesforce.com/services/oauth2/success</callbackUrl>
  <externalClientApplication>${app}</externalClientApplication>
  <isClientCredentialsFlowEnabled>false</isClientCredentialsFlowEnabled>
  <isCodeCredFlowEnabled>false</isCodeCredFlowEnabled>
  <isConsumerSecretOptional>false</isConsumerSecretOptional>
  <isDeviceFlowEnabled>true</isDeviceFlowEnabled>
  <isIntrospectAllTokens>false</isIntrospectAllTokens>
  <isNamedUserJwtEnabled>false</isNamedUserJwtEnabled>
  <isPkceRequired>false</isPkceRequired>
  <isRefreshTokenRotationEnabled>false</isRefreshTokenRotationEnabled>
  <isSecretRequiredForRefreshToken>false</isSecretRequiredForRefreshToken>
  <isSecretRequiredForTokenExchange>false</isSecretRequiredForTokenExchange>
  <isTokenExchangeEnabled>false</isTokenExchangeEnabled>
  <label>${app}_glbloauth</label>
  <shouldRotateConsumerKey>false</shouldRotateConsumerKey>
  <shouldRotateConsumerSecret>false</shouldRotateConsumerSecret>`),
    },
    {
      type: 'ExtlClntAppOauthConfigurablePolicies',
      fullName: `${app}_oauthPlcy`,
      path: `extlClntAppOauthPolicies/${app}_oauthPlcy.ecaOauthPlcy`,
      xml: doc('ExtlClntAppOauthConfigurablePolicies', overrides.oauthPolicy ?? `  <commaSeparatedProfile>System Administrator</commaSeparatedProfile>
  <externalClientApplication>${app}</externalClientApplication>
  <ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType>
  <isClientCredentialsFlowEnabled>false</isClientCredentialsFlowEnabled>
  <isGuestCodeCredFlowEnabled>false</isGuestCodeCredFlowEnabled>
  <isTokenExchangeFlowEnabled>false</isTokenExchangeFlowEnabled>
  <label>${app}_oauthPlcy</label>
  <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>
  <refreshTokenPolicyType>Infinite</refreshTokenPolicyType>`),
    },
    {
      type: 'ExtlClntAppConfigurablePolicies',
      fullName: `${app}_plcy`,
      path: `extlClntAppPolicies/${app}_plcy.ecaPlcy`,
      xml: doc('ExtlClntAppConfigurablePolicies', overrides.policy ?? `  <externalClientApplication>${app}</externalClientApplication>
  <isEnabled>true</isEnabled>
  <isOauthPluginEnabled>true</isOauthPluginEnabled>
  <label>${app}_plcy</label>`),
    },
  ];
}

export function packageXml(files: Array<{ type: string; fullName: string }>, version = '66.0'): string {
  const byType = new Map<string, string[]>();
  for (const f of files) byType.set(f.type, [...(byType.get(f.type) ?? []), f.fullName]);
  const types = [...byType.entries()]
    .map(([t, m]) => `  <types>\n${m.map((x) => `    <members>${x}</members>`).join('\n')}\n    <name>${t}</name>\n  </types>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="${NS}">\n${types}\n  <version>${version}</version>\n</Package>\n`;
}
