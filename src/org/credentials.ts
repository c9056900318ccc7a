import type { Connection } from '@salesforce/core';
import { Messages } from '@salesforce/core/messages';
import { SfError } from '@salesforce/core/sfError';
import { fieldOf } from '../metadata/components.js';
import { createCommand, runningUserEmail } from './admin-email.js';
import { soqlString } from './connection.js';
import { readDeployedApp } from './read-app.js';
import { withRetry } from './retry.js';
import { DeployedApp } from './types.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-dropzone', 'dropzone.app.credentials');

/** The Connect REST credentials resources exist from API 60.0 on. */
export const MIN_CREDENTIALS_API_VERSION = 60;

/** Permissions the credentials resources demand of the running user. */
export const CREDENTIALS_PERMISSIONS = ['ExternalClientAppDeveloper', 'ViewClientSecret'] as const;

const PERMISSION_LABELS: Readonly<Record<(typeof CREDENTIALS_PERMISSIONS)[number], string>> = {
  ExternalClientAppDeveloper: 'Create, edit, and delete External Client Apps (ExternalClientAppDeveloper)',
  ViewClientSecret: 'View External Client App Consumer Secrets (ViewClientSecret)',
};

export type EcaRecord = { readonly id: string; readonly developerName: string; readonly distributionState?: string; readonly contactEmail?: string };

export type ConsumerSummary = { readonly id: string; readonly name?: string };

/** The app's OAuth consumer. `secret` is present only when it was asked for. */
export type ConsumerCredentials = {
  readonly appId: string;
  readonly appName: string;
  readonly consumerId: string;
  readonly key: string;
  readonly secret?: string;
  /** Where the key came from: the credentials REST resource, or the retrieved Global OAuth settings. */
  readonly keySource: 'rest' | 'metadata';
};

/** Why the org would not hand over the credentials; each names the one thing to change. */
export type RefusalReason =
  | 'api-version'
  | 'app-not-found'
  | 'no-consumer'
  | 'packaged-app'
  | 'missing-permissions'
  | 'rest-secret-access-off'
  | 'secret-withheld'
  | 'refused';

/** The `data` of every credentials SfError: a stable, typed reason and what the org said. */
export type CredentialsErrorData = {
  reason: RefusalReason;
  orgErrorCode?: string;
  missingPermissions?: string[];
};

/** What the org says about the refusal's usual causes; undefined where the org would not tell. */
export type RefusalFacts = {
  readonly distributionState?: string;
  readonly userPermissions?: Readonly<Record<string, boolean>>;
  readonly restSecretAccess?: boolean;
};

export type OrgRefusal = { readonly errorCode: string; readonly message: string };

type Diagnosis = { readonly reason: RefusalReason; readonly missingPermissions?: readonly string[] };

const ERROR_KEYS: Readonly<Record<RefusalReason, string>> = {
  'api-version': 'ApiVersionTooLow',
  'app-not-found': 'AppNotFound',
  'no-consumer': 'NoConsumer',
  'packaged-app': 'PackagedApp',
  'missing-permissions': 'MissingPermissions',
  'rest-secret-access-off': 'RestSecretAccessOff',
  'secret-withheld': 'SecretWithheld',
  refused: 'CredentialsRefused',
};

function credentialsError(diagnosis: Diagnosis, tokens: readonly string[], actionTokens: readonly string[], orgErrorCode?: string): SfError<CredentialsErrorData> {
  const error = messages.createError(ERROR_KEYS[diagnosis.reason], [...tokens], [...actionTokens]) as unknown as SfError<CredentialsErrorData>;
  error.setData({ reason: diagnosis.reason, orgErrorCode, ...(diagnosis.missingPermissions ? { missingPermissions: [...diagnosis.missingPermissions] } : {}) });
  return error;
}

export function isCredentialsError(error: unknown): error is SfError<CredentialsErrorData> {
  return error instanceof SfError && typeof (error.data as CredentialsErrorData | undefined)?.reason === 'string';
}

export function assertCredentialsApiVersion(version: string): void {
  if (Number(version) < MIN_CREDENTIALS_API_VERSION) {
    throw credentialsError({ reason: 'api-version' }, [version, String(MIN_CREDENTIALS_API_VERSION)], [String(MIN_CREDENTIALS_API_VERSION)]);
  }
}

async function queryRows(conn: Connection, soql: string): Promise<Array<Record<string, unknown>>> {
  const result = await withRetry(async () => conn.query<Record<string, unknown>>(soql));
  return result.records;
}

export async function findApp(conn: Connection, appName: string): Promise<EcaRecord | undefined> {
  const soql = `SELECT Id, DeveloperName, DistributionState, ContactEmail FROM ExternalClientApplication WHERE DeveloperName = ${soqlString(appName)}`;
  const row = (await queryRows(conn, soql))[0];
  if (!row || typeof row.Id !== 'string') return undefined;
  return {
    id: row.Id,
    developerName: typeof row.DeveloperName === 'string' ? row.DeveloperName : appName,
    distributionState: typeof row.DistributionState === 'string' ? row.DistributionState : undefined,
    contactEmail: typeof row.ContactEmail === 'string' && row.ContactEmail !== '' ? row.ContactEmail : undefined,
  };
}

const credentialsPath = (conn: Connection, ...parts: string[]): string =>
  `/services/data/v${conn.getApiVersion()}/apps/oauth/credentials/${parts.map(encodeURIComponent).join('/')}`;

export async function listConsumers(conn: Connection, appId: string): Promise<ConsumerSummary[]> {
  const body = await withRetry(() => conn.request<{ consumers?: Array<Record<string, unknown>> }>(credentialsPath(conn, appId)));
  return (body.consumers ?? [])
    .filter((consumer) => typeof consumer.id === 'string')
    .map((consumer) => ({ id: consumer.id as string, name: typeof consumer.name === 'string' ? consumer.name : undefined }));
}

/**
 * One consumer's key, and its secret only when `withSecret`. The response is never logged: core logs the request
 * (URL and headers) at debug level and jsforce only the status, neither the body.
 */
export async function fetchConsumer(
  conn: Connection,
  appId: string,
  consumerId: string,
  withSecret: boolean
): Promise<{ key?: string; secret?: string }> {
  const url = `${credentialsPath(conn, appId, consumerId)}?part=${withSecret ? 'keyandsecret' : 'key'}`;
  const body = await withRetry(() => conn.request<Record<string, unknown>>(url));
  return {
    key: typeof body.key === 'string' && body.key !== '' ? body.key : undefined,
    secret: withSecret && typeof body.secret === 'string' && body.secret !== '' ? body.secret : undefined,
  };
}

/** The org's error, as jsforce hands it over (errorCode from the `[{"errorCode","message"}]` body). */
export function orgRefusalOf(error: unknown): OrgRefusal | undefined {
  if (!(error instanceof Error)) return undefined;
  const candidate = error as Error & { errorCode?: unknown };
  const errorCode = typeof candidate.errorCode === 'string' ? candidate.errorCode : undefined;
  if (!errorCode) return undefined;
  return { errorCode, message: error.message };
}

const MESSAGE_RULES: ReadonlyArray<{ readonly pattern: RegExp; readonly reason: RefusalReason }> = [
  { pattern: /enableClientSecretInRestApiAccess|secrets? via (the )?REST|REST API access|access to .*consumer secrets/i, reason: 'rest-secret-access-off' },
  { pattern: /packag|not a local|local (external client )?apps? only|distribution/i, reason: 'packaged-app' },
  { pattern: /permission|ViewClientSecret|View Client Secret|ExternalClientAppDeveloper|External Client App Developer/i, reason: 'missing-permissions' },
];

function missingPermissionsOf(facts: RefusalFacts): string[] | undefined {
  if (!facts.userPermissions) return undefined;
  return CREDENTIALS_PERMISSIONS.filter((permission) => facts.userPermissions?.[permission] !== true);
}

/**
 * Names the cause of a refusal. The org's message decides when it names one cause; otherwise the facts do, in the
 * order a fix has to happen: a packaged app can never serve credentials, then the user's permissions, then the org
 * setting. Only when neither tells is the refusal reported as it came, with every prerequisite listed.
 */
export function classifyRefusal(refusal: OrgRefusal, facts: RefusalFacts): Diagnosis {
  const missing = missingPermissionsOf(facts);
  const byMessage = MESSAGE_RULES.filter((rule) => rule.pattern.test(refusal.message)).map((rule) => rule.reason);
  if (byMessage.length === 1) {
    const reason = byMessage[0];
    if (reason === 'missing-permissions') return { reason, missingPermissions: missing && missing.length > 0 ? missing : [...CREDENTIALS_PERMISSIONS] };
    return { reason };
  }
  if (facts.distributionState !== undefined && facts.distributionState !== 'Local') return { reason: 'packaged-app' };
  if (missing && missing.length > 0) return { reason: 'missing-permissions', missingPermissions: missing };
  if (facts.restSecretAccess === false) return { reason: 'rest-secret-access-off' };
  if (/^(NOT_FOUND|ERROR_HTTP_404)$/.test(refusal.errorCode) && facts.distributionState === undefined) return { reason: 'app-not-found' };
  return { reason: 'refused' };
}

/** Turns a diagnosis into the error users see: which setting or permission to turn on, and where. */
export function refusalError(
  diagnosis: Diagnosis,
  context: { appName: string; orgLabel: string; refusal?: OrgRefusal; createCommand?: string }
): SfError<CredentialsErrorData> {
  const orgSays = context.refusal ? `${context.refusal.errorCode}: ${context.refusal.message}` : '-';
  const code = context.refusal?.errorCode;
  switch (diagnosis.reason) {
    case 'missing-permissions': {
      const missing = (diagnosis.missingPermissions ?? CREDENTIALS_PERMISSIONS) as ReadonlyArray<(typeof CREDENTIALS_PERMISSIONS)[number]>;
      const labels = missing.map((permission) => PERMISSION_LABELS[permission] ?? permission).join('; ');
      return credentialsError(diagnosis, [context.orgLabel, missing.join(', '), orgSays], [labels], code);
    }
    case 'app-not-found':
      return credentialsError(diagnosis, [context.appName, context.orgLabel], [context.createCommand ?? ''], code);
    case 'no-consumer':
      return credentialsError(diagnosis, [context.appName, context.orgLabel, orgSays], [context.createCommand ?? ''], code);
    case 'packaged-app':
    case 'rest-secret-access-off':
    case 'secret-withheld':
    case 'refused':
      return credentialsError(diagnosis, [context.appName, context.orgLabel, orgSays], [context.appName], code);
    case 'api-version':
      return credentialsError(diagnosis, ['?', String(MIN_CREDENTIALS_API_VERSION)], [String(MIN_CREDENTIALS_API_VERSION)], code);
  }
}

async function readUserPermissions(conn: Connection): Promise<Record<string, boolean> | undefined> {
  const soql = `SELECT ${CREDENTIALS_PERMISSIONS.map((name) => `Permissions${name}`).join(', ')} FROM UserPermissionAccess`;
  try {
    const row = (await queryRows(conn, soql))[0];
    return row ? Object.fromEntries(CREDENTIALS_PERMISSIONS.map((name) => [name, row[`Permissions${name}`] === true])) : undefined;
  } catch {
    return undefined;
  }
}

async function readDeployedQuietly(conn: Connection, appName: string): Promise<DeployedApp | undefined> {
  try {
    return await readDeployedApp(conn, appName);
  } catch {
    return undefined;
  }
}

/** Reads what explains a refusal: the user's permissions (one query) and the org's settings and the app (one retrieve). */
export async function readRefusalFacts(conn: Connection, app: EcaRecord): Promise<{ facts: RefusalFacts; deployed?: DeployedApp }> {
  const [userPermissions, deployed] = await Promise.all([readUserPermissions(conn), readDeployedQuietly(conn, app.developerName)]);
  return {
    facts: { distributionState: app.distributionState, userPermissions, restSecretAccess: deployed?.settings.enableClientSecretInRestApiAccess },
    deployed,
  };
}

export type ReadCredentialsOptions = {
  readonly appName: string;
  readonly withSecret: boolean;
  /** Names the org in messages (username or alias). */
  readonly orgLabel: string;
  /** Called when the key came from the retrieved metadata because the REST resource refused: why it refused. */
  readonly onKeyFallback?: (refusal: SfError<CredentialsErrorData>) => void;
};

/**
 * The app's consumer key, and its secret when asked for, through the Connect REST credentials resources: the app's
 * id by SOQL, its consumers, then the first consumer's key (and secret). When the org refuses, the error names the
 * setting or permission to turn on. A key-only read the org refuses falls back to the key in the retrieved Global
 * OAuth settings (retrieve always carries it), reporting the refusal through `onKeyFallback`.
 */
export async function readCredentials(conn: Connection, options: ReadCredentialsOptions): Promise<ConsumerCredentials> {
  assertCredentialsApiVersion(conn.getApiVersion());
  const context = { appName: options.appName, orgLabel: options.orgLabel };
  const app = await findApp(conn, options.appName);
  if (!app) throw refusalError({ reason: 'app-not-found' }, { ...context, createCommand: createCommand(conn, options.appName, await runningUserEmail(conn)) });

  let key: string | undefined;
  let secret: string | undefined;
  let consumerId: string | undefined;
  let refusal: OrgRefusal | undefined;
  try {
    const consumer = (await listConsumers(conn, app.id))[0];
    if (!consumer) {
      const contactEmail = app.contactEmail ?? (await runningUserEmail(conn));
      throw refusalError({ reason: 'no-consumer' }, { ...context, createCommand: createCommand(conn, app.developerName, contactEmail) });
    }
    consumerId = consumer.id;
    ({ key, secret } = await fetchConsumer(conn, app.id, consumer.id, options.withSecret));
  } catch (error) {
    if (isCredentialsError(error)) throw error;
    refusal = orgRefusalOf(error);
    if (!refusal) throw error;
  }
  if (!refusal && key && consumerId && (!options.withSecret || secret)) {
    return { appId: app.id, appName: app.developerName, consumerId, key, secret, keySource: 'rest' };
  }

  const { facts, deployed } = await readRefusalFacts(conn, app);
  const diagnosis = refusal ? classifyRefusal(refusal, facts) : secretWithheldDiagnosis(facts);
  const error = refusalError(diagnosis, { ...context, refusal });
  const retrievedKey = fieldOf(deployed?.components.globalOauth, 'consumerKey');
  if (!options.withSecret && typeof retrievedKey === 'string' && retrievedKey !== '') {
    options.onKeyFallback?.(error);
    return { appId: app.id, appName: app.developerName, consumerId: consumerId ?? '', key: retrievedKey, keySource: 'metadata' };
  }
  throw error;
}

/** The org answered but left the secret out: explain it with the facts, or say so plainly. */
function secretWithheldDiagnosis(facts: RefusalFacts): Diagnosis {
  const classified = classifyRefusal({ errorCode: 'NO_SECRET', message: '' }, facts);
  return classified.reason === 'refused' || classified.reason === 'app-not-found' ? { reason: 'secret-withheld' } : classified;
}
