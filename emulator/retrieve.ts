import { FixtureSwitches } from './fixture.js';
import { buildPackageXml, PackageManifest } from './package-xml.js';
import { PROFILE_TYPE, profileByFullName, renderProfile } from './profile-metadata.js';
import { metadataFile, renderFields, renderSettings } from './render.js';
import { ECA_SETTINGS_MEMBER, SETTINGS_TYPE, typeByName } from './schema.js';
import { OrgState, profileFullName } from './state.js';
import { writeZip } from './zip.js';

export type RetrieveRequest = { apiVersion: string; singlePackage: boolean; unpackaged?: PackageManifest };

export type FileProperties = {
  createdById: string;
  createdByName: string;
  createdDate: string;
  fileName: string;
  fullName: string;
  id: string;
  lastModifiedById: string;
  lastModifiedByName: string;
  lastModifiedDate: string;
  manageableState: string;
  type: string;
};

export type RetrieveOutcome = { zip: Buffer; fileProperties: FileProperties[]; messages: Array<{ fileName: string; problem: string }> };

/** Build the zip Salesforce returns: metadata-format files plus package.xml, under `unpackaged/` unless singlePackage. */
export async function runRetrieve(state: OrgState, req: RetrieveRequest, switches: FixtureSwitches): Promise<RetrieveOutcome> {
  const root = req.singlePackage ? '' : 'unpackaged/';
  const version = Number(req.unpackaged?.version ?? req.apiVersion);
  const files = new Map<string, string>();
  const fileProperties: FileProperties[] = [];
  const messages: Array<{ fileName: string; problem: string }> = [];
  const retrieved: PackageManifest = { types: [], version: version.toFixed(1) };
  const now = new Date().toISOString();

  for (const t of req.unpackaged?.types ?? []) {
    if (t.name === PROFILE_TYPE.xmlName) {
      retrieveProfiles(state, t.members, { root, files, fileProperties, messages, retrieved, now });
      continue;
    }
    const type = typeByName(t.name);
    if (!type) {
      messages.push({ fileName: `${root}package.xml`, problem: `Unknown type name '${t.name}' specified in package.xml` });
      continue;
    }
    if (type.since > version) {
      messages.push({ fileName: `${root}package.xml`, problem: `Entity type: '${type.xmlName}' is not available in API version ${version.toFixed(1)}` });
      continue;
    }
    const names = new Set<string>();
    const wildcard = t.members.includes('*');
    if (type === SETTINGS_TYPE) {
      if (wildcard || t.members.includes(ECA_SETTINGS_MEMBER)) names.add(ECA_SETTINGS_MEMBER);
    } else if (wildcard) {
      for (const c of state.components(type.xmlName)) names.add(c.fullName);
    }
    for (const m of t.members.filter((x) => x !== '*')) {
      const found = type === SETTINGS_TYPE ? m === ECA_SETTINGS_MEMBER : state.component(type.xmlName, m) !== undefined;
      if (found) names.add(m);
      else messages.push({ fileName: `${root}package.xml`, problem: `Entity of type '${type.xmlName}' named '${m}' cannot be found` });
    }
    if (names.size === 0) continue;
    retrieved.types.push({ name: type.xmlName, members: [...names] });
    for (const name of names) {
      const fileName = `${type.directoryName}/${name}.${type.suffix}`;
      const comp = state.component(type.xmlName, name);
      const fields = comp
        ? renderFields(state, type, comp, { apiVersion: version, secret: switches.retrieveSecret, switches })
        : renderSettings(state, version, switches);
      files.set(root + fileName, metadataFile(type.rootElement, fields));
      const who = state.userById(comp?.lastModifiedById ?? '') ?? state.data.users[0];
      fileProperties.push({
        createdById: comp?.createdById ?? who.id,
        createdByName: who.name,
        createdDate: comp?.createdDate ?? now,
        fileName: root + fileName,
        fullName: name,
        id: comp?.id ?? '',
        lastModifiedById: comp?.lastModifiedById ?? who.id,
        lastModifiedByName: who.name,
        lastModifiedDate: comp?.lastModifiedDate ?? now,
        manageableState: 'unmanaged',
        type: type.xmlName,
      });
    }
  }
  retrieved.types.sort((a, b) => a.name.localeCompare(b.name));
  files.set(`${root}package.xml`, buildPackageXml(retrieved));
  const admin = state.data.users[0];
  fileProperties.push({
    createdById: admin.id,
    createdByName: admin.name,
    createdDate: now,
    fileName: `${root}package.xml`,
    fullName: `${root}package.xml`,
    id: '',
    lastModifiedById: admin.id,
    lastModifiedByName: admin.name,
    lastModifiedDate: now,
    manageableState: 'unmanaged',
    type: 'Package',
  });
  return { zip: await writeZip(files), fileProperties, messages };
}

type RetrieveSink = {
  root: string;
  files: Map<string, string>;
  fileProperties: FileProperties[];
  messages: Array<{ fileName: string; problem: string }>;
  retrieved: PackageManifest;
  now: string;
};

/** Profiles by Metadata API name (`*` for every profile); a name the org lacks is a message, as for any type. */
function retrieveProfiles(state: OrgState, members: readonly string[], sink: RetrieveSink): void {
  const profiles = members.includes('*')
    ? [...state.data.profiles]
    : members.flatMap((member) => {
        const profile = profileByFullName(state, member);
        if (!profile) sink.messages.push({ fileName: `${sink.root}package.xml`, problem: `Entity of type 'Profile' named '${member}' cannot be found` });
        return profile ? [profile] : [];
      });
  if (profiles.length === 0) return;
  const admin = state.data.users[0];
  const names: string[] = [];
  for (const profile of profiles) {
    const fullName = profile.fullName ?? profileFullName(profile.name);
    const fileName = `${sink.root}${PROFILE_TYPE.directoryName}/${fullName}.${PROFILE_TYPE.suffix}`;
    sink.files.set(fileName, renderProfile(state, profile));
    names.push(fullName);
    sink.fileProperties.push({
      createdById: admin.id,
      createdByName: admin.name,
      createdDate: sink.now,
      fileName,
      fullName,
      id: profile.id,
      lastModifiedById: admin.id,
      lastModifiedByName: admin.name,
      lastModifiedDate: sink.now,
      manageableState: 'unmanaged',
      type: PROFILE_TYPE.xmlName,
    });
  }
  sink.retrieved.types.push({ name: PROFILE_TYPE.xmlName, members: names });
}
