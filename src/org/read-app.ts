import type { Connection } from '@salesforce/core';
import { XMLParser } from 'fast-xml-parser';
import { AppComponents } from '../metadata/components.js';
import { COMPONENT_KINDS } from '../metadata/kinds.js';
import { appFrom, readAppFiles } from '../metadata/read-source.js';
import { readZipFiles } from './package-zip.js';
import { ProfileLoginHours, parseProfileLoginHours, profileMetadataNames } from './profile-login.js';
import { withPermissionSetNames } from './permission-set-ids.js';
import { sleep, withRetry } from './retry.js';
import { DeployedApp } from './types.js';

/** Retrieve status polls: the first at once (small retrieves are often done), then backing off to 2 s. */
const RETRIEVE_POLL_DELAYS_MS = [0, 250, 500, 1000, 2000];
const RETRIEVE_TIMEOUT_MS = 5 * 60 * 1000;

const SETTINGS_FILE = /(^|\/)settings\/ExternalClientApp\.settings$/;
const PROFILE_FILE = /(?:^|\/)profiles\/(.+)\.profile$/;

export type ReadAppOptions = {
  /**
   * Profiles (by name) whose login hours ride in the same retrieve: Salesforce keeps them only in profile metadata,
   * and a profile retrieved beside components it has no settings for holds its own settings (login hours included).
   */
  readonly profiles?: readonly string[];
};

type RetrieveStatus = {
  done: boolean | string;
  status?: string;
  success?: boolean | string;
  zipFile?: string;
  errorMessage?: string;
  errorStatusCode?: string;
};

export class RetrieveError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'RetrieveError';
  }
}

function parseSettings(xml: string | undefined): Record<string, boolean | undefined> {
  if (!xml) return {};
  const parsed = new XMLParser({ parseTagValue: false }).parse(xml) as Record<string, Record<string, unknown> | undefined>;
  const root = parsed.ExternalClientAppSettings ?? {};
  return Object.fromEntries(
    Object.entries(root)
      .filter(([, value]) => value === 'true' || value === 'false')
      .map(([key, value]) => [key, value === 'true'])
  );
}

/**
 * The app named `appName` in any case, as Salesforce names are unique regardless of case: its header (the exact
 * spelling wins should an org hold two that differ only in case), with the satellites that reference it in any case.
 */
export function findAppIgnoringCase(apps: ReadonlyMap<string, AppComponents>, appName: string): AppComponents | undefined {
  const wanted = appName.toLowerCase();
  const variants = [...apps.entries()].filter(([name]) => name.toLowerCase() === wanted);
  const headed = variants.find(([name, app]) => name === appName && app.header) ?? variants.find(([, app]) => app.header);
  if (!headed) return undefined;
  const merged: Partial<Record<keyof AppComponents, AppComponents[keyof AppComponents]>> = {};
  for (const [, app] of [headed, ...variants.filter((variant) => variant !== headed)]) {
    for (const [slot, component] of Object.entries(app) as Array<[keyof AppComponents, AppComponents[keyof AppComponents]]>) {
      merged[slot] ??= component;
    }
  }
  return merged as AppComponents;
}

/**
 * Retrieves the app in one Metadata API retrieve: every header and every satellite of every app (so that the app is
 * found whatever the case of the name asked for, and the satellites' real names are discovered, whatever they are),
 * and the org's ExternalClientApp settings. Returns undefined when the org holds no such app; the app found carries
 * the org's spelling of its name (`components.header.fullName`).
 */
export async function readDeployedApp(conn: Connection, appName: string, options: ReadAppOptions = {}): Promise<DeployedApp | undefined> {
  const version = conn.getApiVersion();
  const profileNames = new Map((options.profiles ?? []).flatMap((profile) => profileMetadataNames(profile).map((name) => [name, profile] as const)));
  const types = [
    ...COMPONENT_KINDS.map((kind) => ({ name: kind, members: ['*'] })),
    { name: 'Settings', members: ['ExternalClientApp'] },
    ...(profileNames.size > 0 ? [{ name: 'Profile', members: [...profileNames.keys()] }] : []),
  ];
  // jsforce's RetrieveRequest type demands every Package field; the SOAP call needs only these.
  const request = { apiVersion: Number(version), singlePackage: true, unpackaged: { types, version } } as unknown as Parameters<
    typeof conn.metadata.retrieve
  >[0];
  const started = await withRetry(async () => conn.metadata.retrieve(request));
  const deadline = Date.now() + RETRIEVE_TIMEOUT_MS;
  let result: RetrieveStatus;
  for (let attempt = 0; ; attempt++) {
     
    await sleep(RETRIEVE_POLL_DELAYS_MS[Math.min(attempt, RETRIEVE_POLL_DELAYS_MS.length - 1)]);
     
    result = (await withRetry(() => conn.metadata.checkRetrieveStatus(started.id))) as unknown as RetrieveStatus;
    if (String(result.done) === 'true') break;
    if (Date.now() > deadline) throw new RetrieveError(`The retrieve ${started.id} did not finish in time.`);
  }
  if (result.status === 'Failed' || !result.zipFile) {
    throw new RetrieveError(result.errorMessage ?? `The retrieve ${started.id} failed (${result.status ?? 'no status'}).`);
  }
  const files = await readZipFiles(result.zipFile);
  // Only this app's components count: another app's duplicate or broken satellite never stops this run.
  const read = readAppFiles(files);
  const app = appFrom(read, findAppIgnoringCase(read.apps, appName)?.header?.fullName ?? appName);
  if (!app?.header) return undefined;
  const settings = parseSettings(files.find((file) => SETTINGS_FILE.test(file.path))?.content);
  const named = await withPermissionSetNames(conn, app);
  const deployed = { components: named.app, settings, ...(named.byId ? { permissionSetsById: true } : {}) };
  if (profileNames.size === 0) return deployed;
  const profileLoginHours = new Map<string, ProfileLoginHours>();
  for (const file of files) {
    const profile = profileNames.get(PROFILE_FILE.exec(file.path)?.[1] ?? '');
    if (profile !== undefined) profileLoginHours.set(profile, parseProfileLoginHours(file.content));
  }
  return { ...deployed, profileLoginHours };
}
