/** The admin's intent, validated once at the edge; everything after it trusts it. */
export type OrgType = 'production' | 'sandbox';

export type AppSpec = {
  readonly name: string;
  readonly label: string;
  readonly description?: string;
  readonly contactEmail: string;
  readonly orgType: OrgType;
  readonly callbackUrl: string;
  readonly profiles: readonly string[];
  readonly permissionSets: readonly string[];
  readonly sessionTimeoutMinutes?: number;
  readonly apiVersion: string;
};

export const DEFAULT_APP_NAME = 'SendSafely_Dropzone_Connector';
export const DEFAULT_APP_LABEL = 'SendSafely Dropzone Connector';
export const DEFAULT_PROFILE = 'System Administrator';
export const DEFAULT_API_VERSION = '66.0';

export const CALLBACK_URLS: Readonly<Record<OrgType, string>> = {
  production: 'https://login.salesforce.com/services/oauth2/success',
  sandbox: 'https://test.salesforce.com/services/oauth2/success',
};

/**
 * Session timeouts Setup offers for an app's session policy, in minutes. The Metadata API does not document the
 * allowed values, so we accept only what the Setup picklist offers.
 */
export const SESSION_TIMEOUT_MINUTES = [15, 30, 60, 120, 240, 480, 720, 1440] as const;

/** The org type an org's Organization.IsSandbox says. */
export function orgTypeOf(org: { readonly isSandbox: boolean }): OrgType {
  return org.isSandbox ? 'sandbox' : 'production';
}
