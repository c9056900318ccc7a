import { ComponentKind } from './kinds.js';

/** A raw XML element we do not interpret (unknown, newer, or a structured list); written back exactly as read. */
export type PreservedElement = { readonly name: string; readonly node: Record<string, unknown> };

export type ExternalClientApplicationFields = {
  contactEmail?: string;
  contactPhone?: string;
  description?: string;
  distributionState?: string;
  iconUrl?: string;
  infoUrl?: string;
  isProtected?: boolean;
  label?: string;
  logoUrl?: string;
  managedType?: string;
  orgScopedExternalApp?: string;
};

export type ExtlClntAppOauthSettingsFields = {
  areAttributesIncludedInAssetToken?: boolean;
  areCustomPermsIncludedInAssetToken?: boolean;
  assetTokenAudiences?: string;
  assetTokenSigningCertificate?: string;
  assetTokenValidity?: number;
  clientAssertionCertificate?: string;
  commaSeparatedOauthScopes?: string;
  externalClientApplication?: string;
  isFirstPartyAppEnabled?: boolean;
  label?: string;
  oauthLink?: string;
  singleLogoutUrl?: string;
};

export type ExtlClntAppGlobalOauthSettingsFields = {
  callbackUrl?: string;
  certificate?: string;
  consumerKey?: string;
  consumerSecret?: string;
  externalClientApplication?: string;
  isClientCredentialsFlowEnabled?: boolean;
  isCodeCredFlowEnabled?: boolean;
  isCodeCredPostOnly?: boolean;
  isConsumerSecretOptional?: boolean;
  isDeviceFlowEnabled?: boolean;
  isIntrospectAllTokens?: boolean;
  isNamedUserJwtEnabled?: boolean;
  isPkceRequired?: boolean;
  isRefreshTokenRotationEnabled?: boolean;
  isSecretRequiredForRefreshToken?: boolean;
  isSecretRequiredForTokenExchange?: boolean;
  isTokenExchangeEnabled?: boolean;
  label?: string;
  shouldRotateConsumerKey?: boolean;
  shouldRotateConsumerSecret?: boolean;
};

export type ExtlClntAppOauthConfigurablePoliciesFields = {
  apexHandler?: string;
  clientCredentialsFlowUser?: string;
  commaSeparatedCustomScopes?: string;
  commaSeparatedPermissionSet?: string;
  commaSeparatedProfile?: string;
  executeHandlerAs?: string;
  externalClientApplication?: string;
  guestJwtSessionTimeoutType?: string;
  guestJwtTimeout?: number;
  ipRelaxationPolicyType?: string;
  isClientCredentialsFlowEnabled?: boolean;
  isGuestCodeCredFlowEnabled?: boolean;
  isNamedUserJwtEnabled?: boolean;
  isTokenExchangeFlowEnabled?: boolean;
  label?: string;
  namedUserJwtSessionTimeoutType?: string;
  namedUserJwtTimeout?: number;
  permittedUsersPolicyType?: string;
  policyAction?: string;
  refreshTokenPolicyType?: string;
  refreshTokenValidityPeriod?: number;
  refreshTokenValidityUnit?: string;
  requiredSessionLevel?: string;
  sessionTimeoutInMinutes?: number;
  singleLogoutUrl?: string;
  startUrl?: string;
};

export type ExtlClntAppConfigurablePoliciesFields = {
  externalClientApplication?: string;
  isCanvasPluginEnabled?: boolean;
  isEnabled?: boolean;
  isMobilePluginEnabled?: boolean;
  isNotificationPluginEnabled?: boolean;
  isOauthPluginEnabled?: boolean;
  isPushPluginEnabled?: boolean;
  isSamlPluginEnabled?: boolean;
  label?: string;
  startPage?: string;
  startUrl?: string;
};

export type FieldsByKind = {
  ExternalClientApplication: ExternalClientApplicationFields;
  ExtlClntAppOauthSettings: ExtlClntAppOauthSettingsFields;
  ExtlClntAppGlobalOauthSettings: ExtlClntAppGlobalOauthSettingsFields;
  ExtlClntAppOauthConfigurablePolicies: ExtlClntAppOauthConfigurablePoliciesFields;
  ExtlClntAppConfigurablePolicies: ExtlClntAppConfigurablePoliciesFields;
};

export type FieldValue = string | number | boolean;

export type Component<K extends ComponentKind = ComponentKind> = {
  readonly kind: K;
  readonly fullName: string;
  readonly fields: FieldsByKind[K];
  /** Elements outside the typed model, in the order they were read. */
  readonly preserved: readonly PreservedElement[];
};

/** The five components of one app; satellites are absent when the org or folder lacks them. */
export type AppComponents = {
  readonly header?: Component<'ExternalClientApplication'>;
  readonly oauth?: Component<'ExtlClntAppOauthSettings'>;
  readonly globalOauth?: Component<'ExtlClntAppGlobalOauthSettings'>;
  readonly oauthPolicy?: Component<'ExtlClntAppOauthConfigurablePolicies'>;
  readonly policy?: Component<'ExtlClntAppConfigurablePolicies'>;
};

export const SLOT_OF_KIND: Readonly<Record<ComponentKind, keyof AppComponents>> = {
  ExternalClientApplication: 'header',
  ExtlClntAppOauthSettings: 'oauth',
  ExtlClntAppGlobalOauthSettings: 'globalOauth',
  ExtlClntAppOauthConfigurablePolicies: 'oauthPolicy',
  ExtlClntAppConfigurablePolicies: 'policy',
};

export function fieldOf(component: Component | undefined, name: string): FieldValue | undefined {
  return component ? (component.fields as Record<string, FieldValue | undefined>)[name] : undefined;
}

export function componentsOf(app: AppComponents): Component[] {
  return [app.header, app.oauth, app.globalOauth, app.oauthPolicy, app.policy].filter(
    (component): component is NonNullable<typeof component> => component !== undefined
  );
}

/** Splits a comma-separated list as Salesforce writes it (`A, B` on retrieve, `A,B` also accepted on deploy). */
export function splitList(value: FieldValue | undefined): string[] {
  if (value === undefined) return [];
  return String(value)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

export function joinList(items: readonly string[]): string {
  return items.join(', ');
}

/** Splits a list Salesforce keeps one item per line (callback URLs); blank lines and surrounding spaces are dropped. */
export function splitLines(value: FieldValue | undefined): string[] {
  if (value === undefined) return [];
  return String(value)
    .split(/\r?\n/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
