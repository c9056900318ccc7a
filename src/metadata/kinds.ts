/**
 * The five metadata types an OAuth External Client App is made of, with the file layout Salesforce's own tooling
 * (source-deploy-retrieve) uses and the name suffixes Setup gives the satellites.
 */
export const COMPONENT_KINDS = [
  'ExternalClientApplication',
  'ExtlClntAppOauthSettings',
  'ExtlClntAppGlobalOauthSettings',
  'ExtlClntAppOauthConfigurablePolicies',
  'ExtlClntAppConfigurablePolicies',
] as const;

export type ComponentKind = (typeof COMPONENT_KINDS)[number];

export type KindLayout = {
  /** Folder under the package directory (source format) and under the zip root (metadata format). */
  readonly folder: string;
  /** File suffix: source files are `<fullName>.<suffix>-meta.xml`, metadata-format files `<fullName>.<suffix>`. */
  readonly suffix: string;
  /** Appended to the app's API name by Setup; the header has none. */
  readonly nameSuffix: string;
  /** First API version that knows the type. */
  readonly since: number;
  /** Short name used in tables and messages. */
  readonly shortName: string;
};

export const KIND_LAYOUT: Readonly<Record<ComponentKind, KindLayout>> = {
  ExternalClientApplication: {
    folder: 'externalClientApps',
    suffix: 'eca',
    nameSuffix: '',
    since: 59,
    shortName: 'App header',
  },
  ExtlClntAppOauthSettings: {
    folder: 'extlClntAppOauthSettings',
    suffix: 'ecaOauth',
    nameSuffix: '_oauth',
    since: 59,
    shortName: 'OAuth settings',
  },
  ExtlClntAppGlobalOauthSettings: {
    folder: 'extlClntAppGlobalOauthSets',
    suffix: 'ecaGlblOauth',
    nameSuffix: '_glbloauth',
    since: 59,
    shortName: 'Global OAuth settings',
  },
  ExtlClntAppOauthConfigurablePolicies: {
    folder: 'extlClntAppOauthPolicies',
    suffix: 'ecaOauthPlcy',
    nameSuffix: '_oauth_defaultPolicy',
    since: 59,
    shortName: 'OAuth policies',
  },
  ExtlClntAppConfigurablePolicies: {
    folder: 'extlClntAppPolicies',
    suffix: 'ecaPlcy',
    nameSuffix: '_plcy',
    since: 60,
    shortName: 'App policies',
  },
};

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

/**
 * The names a new app's components get: Setup's, except the OAuth policy, which takes the name Salesforce gives the policy
 * it generates on a Metadata API deploy (`<OAuthSettingsName>_defaultPolicy`; docs/naming.md). Existing apps may use
 * other names: discover, never assume.
 */
export function conventionalName(kind: ComponentKind, appName: string): string {
  return `${appName}${KIND_LAYOUT[kind].nameSuffix}`;
}

export function sourceFileName(kind: ComponentKind, fullName: string): string {
  const layout = KIND_LAYOUT[kind];
  return `${layout.folder}/${fullName}.${layout.suffix}-meta.xml`;
}

export function metadataFileName(kind: ComponentKind, fullName: string): string {
  const layout = KIND_LAYOUT[kind];
  return `${layout.folder}/${fullName}.${layout.suffix}`;
}

/** Finds the kind and full name behind a source-format or metadata-format path (any folder prefix). */
export function kindOfFile(filePath: string): { kind: ComponentKind; fullName: string } | undefined {
  const normalized = filePath.replace(/\\/g, '/');
  const base = normalized.slice(normalized.lastIndexOf('/') + 1);
  for (const kind of COMPONENT_KINDS) {
    const { suffix } = KIND_LAYOUT[kind];
    for (const ending of [`.${suffix}-meta.xml`, `.${suffix}`]) {
      if (base.endsWith(ending) && base.length > ending.length) {
        return { kind, fullName: base.slice(0, -ending.length) };
      }
    }
  }
  return undefined;
}
