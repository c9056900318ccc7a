/**
 * OAuth scope tokens of `ExtlClntAppOauthSettings.commaSeparatedOauthScopes` (Metadata API Developer Guide v66.0,
 * ExtlClntAppOauthSettings), plus `CDP` and `DataCloudUserClaims`, which deploys accept (public setup notes).
 */
export const METADATA_SCOPE_TOKENS: readonly string[] = [
  'Basic', 'Api', 'Web', 'Full', 'Chatter', 'CustomApplications', 'RefreshToken', 'OpenID', 'Profile', 'Email', 'Address',
  'Phone', 'OfflineAccess', 'CustomPermissions', 'Wave', 'Eclair', 'Pardot', 'Lightning', 'Content', 'CDPIngest',
  'CDPProfile', 'CDPQuery', 'Chatbot', 'CDPSegment', 'CDPIdentityResolution', 'CDPCalculatedInsight', 'SFApiPlatform',
  'Interaction', 'EinsteinGPT', 'PwdlessLogin', 'ForgotPassword', 'UserRegistration', 'MCP', 'SCRT', 'CDP',
  'DataCloudUserClaims',
];

/**
 * The names Setup and the OAuth `scope` parameter use (`full`, `api`, `refresh_token` …) and the metadata token each
 * is written as in a file (Salesforce Help, "OAuth Tokens and Scopes").
 */
export const SETUP_SCOPE_NAMES: Readonly<Record<string, string>> = {
  full: 'Full',
  api: 'Api',
  web: 'Web',
  refresh_token: 'RefreshToken',
  offline_access: 'OfflineAccess',
  openid: 'OpenID',
  id: 'Basic',
  profile: 'Profile',
  email: 'Email',
  address: 'Address',
  phone: 'Phone',
  chatter_api: 'Chatter',
  custom_permissions: 'CustomPermissions',
  visualforce: 'CustomApplications',
  lightning: 'Lightning',
  content: 'Content',
  wave_api: 'Wave',
  eclair_api: 'Eclair',
  pardot_api: 'Pardot',
  cdp_api: 'CDP',
  cdp_ingest_api: 'CDPIngest',
  cdp_profile_api: 'CDPProfile',
  cdp_query_api: 'CDPQuery',
  cdp_segment_api: 'CDPSegment',
  cdp_identityresolution_api: 'CDPIdentityResolution',
  cdp_calculated_insight_api: 'CDPCalculatedInsight',
  chatbot_api: 'Chatbot',
  sfap_api: 'SFApiPlatform',
  interaction_api: 'Interaction',
  einstein_gpt_api: 'EinsteinGPT',
  pwdless_login_api: 'PwdlessLogin',
  forgot_password: 'ForgotPassword',
  user_registration_api: 'UserRegistration',
  mcp_api: 'MCP',
};

const CANONICAL = new Map(METADATA_SCOPE_TOKENS.map((token) => [token.toLowerCase(), token]));

export type ScopeToken =
  | { readonly token: string; readonly kind: 'metadata' }
  | { readonly token: string; readonly kind: 'setup'; readonly metadataToken: string }
  | { readonly token: string; readonly kind: 'unknown' };

/**
 * What each token of a scope list is: a metadata token (any casing, as the requirement rows compare), a Setup name
 * that is no metadata token (`refresh_token`), with the token to write instead, or unknown.
 */
export function classifyScopes(tokens: readonly string[]): ScopeToken[] {
  return tokens.map((token) => {
    if (CANONICAL.has(token.toLowerCase())) return { token, kind: 'metadata' };
    const metadataToken = SETUP_SCOPE_NAMES[token.toLowerCase()];
    return metadataToken ? { token, kind: 'setup', metadataToken } : { token, kind: 'unknown' };
  });
}

/** The list written with metadata tokens: Setup names translated, casing as the Metadata API spells each token. */
export function asMetadataTokens(tokens: readonly string[]): string[] {
  return tokens.map((token) => SETUP_SCOPE_NAMES[token.toLowerCase()] ?? CANONICAL.get(token.toLowerCase()) ?? token);
}
