import { Ctx, isJwtSession, session } from '../context.js';
import { DeployOptions } from '../deploy.js';
import { HttpResponse } from '../http/types.js';
import { PackageManifest } from '../package-xml.js';
import { MASKED_SECRET, renderFields, renderSettings } from '../render.js';
import { ALL_TYPES, ECA_SETTINGS_MEMBER, SETTINGS_TYPE, typeByName } from '../schema.js';
import { XmlObject, XmlValue } from '../xml.js';
import { SoapNode, SoapRequest, bool, list, parseSoap, soapFault, soapResponse, text } from './envelope.js';
import { deployResultView } from './results.js';

export const JWT_SOAP_MESSAGE =
  'SOAP API does not support JWT-based access tokens. You must disable the "Issue JSON Web Token (JWT)-based access tokens" setting in your Connected App or External Client App';

export function soapOperation(body: Buffer): string | undefined {
  try {
    return parseSoap(body.toString('utf8'))?.operation;
  } catch {
    return undefined;
  }
}

/** POST /services/Soap/m/<version>: the session comes from the SOAP SessionHeader, never an Authorization header. */
export async function handleMetadataSoap(ctx: Ctx, raw: Buffer, version: string): Promise<HttpResponse> {
  let req: SoapRequest | undefined;
  try {
    req = parseSoap(raw.toString('utf8'));
  } catch {
    req = undefined;
  }
  if (!req) return soapFault('INVALID_XML', 'Unable to parse the SOAP request');
  const s = session(ctx, req.sessionId);
  if (!s) return soapFault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session');
  if (isJwtSession(ctx, s)) return soapFault('UNKNOWN_EXCEPTION', JWT_SOAP_MESSAGE);
  const b = req.body;
  switch (req.operation) {
    case 'deploy':
      return deploy(ctx, b, version, s.userId);
    case 'checkDeployStatus':
      return checkDeployStatus(ctx, b);
    case 'cancelDeploy': {
      const id = text(b.id ?? b.String) ?? '';
      const job = ctx.jobs.cancelDeploy(id);
      if (!job) return soapFault('INVALID_ID_FIELD', `Invalid deploy id: ${id}`);
      return soapResponse('cancelDeploy', [{ done: job.status === 'Canceled', id: job.id }]);
    }
    case 'readMetadata':
      return readMetadata(ctx, b, version);
    case 'listMetadata':
      return listMetadata(ctx, b);
    case 'retrieve':
      return retrieve(ctx, b, version);
    case 'checkRetrieveStatus':
      return checkRetrieveStatus(ctx, b);
    case 'describeMetadata':
      return describeMetadata(ctx, version);
    default:
      return soapFault('INVALID_OPERATION', `No operation available for request {http://soap.sforce.com/2006/04/metadata}${req.operation}`);
  }
}

export function deployOptions(o: SoapNode | Record<string, unknown> | undefined): DeployOptions {
  const get = (k: string): string | undefined => {
    const v = o?.[k];
    return typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' ? String(v) : undefined;
  };
  const flag = (k: string, d: boolean): boolean => {
    const v = get(k);
    return v === undefined || v === '' ? d : v === 'true';
  };
  return {
    checkOnly: flag('checkOnly', false),
    rollbackOnError: flag('rollbackOnError', true),
    singlePackage: flag('singlePackage', false),
    ignoreWarnings: flag('ignoreWarnings', false),
    purgeOnDelete: flag('purgeOnDelete', false),
  };
}

function deploy(ctx: Ctx, b: SoapNode, version: string, userId: string): HttpResponse {
  const zip = Buffer.from(text(b.ZipFile) ?? '', 'base64');
  const options = deployOptions(b.DeployOptions as SoapNode | undefined);
  const job = ctx.jobs.submitDeploy(zip, options, version, userId);
  return soapResponse('deploy', [{ done: false, id: job.id, state: 'Queued' }]);
}

async function checkDeployStatus(ctx: Ctx, b: SoapNode): Promise<HttpResponse> {
  const id = text(b.asyncProcessId) ?? '';
  const job = await ctx.jobs.deploy(id);
  if (!job) return soapFault('INVALID_ID_FIELD', `Invalid id: ${id}`);
  return soapResponse('checkDeployStatus', [deployResultView(ctx.state, job, bool(b.includeDetails, false)) as XmlObject]);
}

function readMetadata(ctx: Ctx, b: SoapNode, version: string): HttpResponse {
  const typeName = text(b.type) ?? '';
  const names = list(b.fullNames).map((n) => text(n) ?? '');
  const isSettings = typeName === 'ExternalClientAppSettings' || typeName === 'Settings';
  const type = isSettings ? SETTINGS_TYPE : typeByName(typeName);
  if (!type) return soapFault('INVALID_TYPE', `Unknown type: ${typeName}`);
  const sw = ctx.state.fixture.switches;
  const records = names.map((name) => {
    if (isSettings) {
      if (name !== ECA_SETTINGS_MEMBER) return '<records xsi:nil="true"/>';
      return record('ExternalClientAppSettings', { fullName: name, ...renderSettings(ctx.state, Number(version), sw) });
    }
    const comp = ctx.state.component(type.xmlName, name);
    if (!comp) return '<records xsi:nil="true"/>';
    const fields = renderFields(ctx.state, type, comp, { apiVersion: Number(version), secret: sw.readMetadataSecret, switches: sw });
    if (sw.readMetadataSecret === 'masked' && fields.consumerSecret === undefined && type.xmlName === 'ExtlClntAppGlobalOauthSettings') fields.consumerSecret = MASKED_SECRET;
    return record(type.xmlName, { fullName: name, ...fields });
  });
  return soapResponse('readMetadata', [{ raw: records.join('') }]);
}

function record(xsiType: string, value: XmlObject): string {
  const inner = Object.entries(value)
    .map(([k, v]) => renderInline(k, v))
    .join('');
  return `<records xsi:type="${xsiType}">${inner}</records>`;
}

function renderInline(name: string, v: XmlValue): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => renderInline(name, x)).join('');
  if (v === null) return `<${name} xsi:nil="true"/>`;
  if (typeof v === 'object') return `<${name}>${Object.entries(v).map(([k, x]) => renderInline(k, x)).join('')}</${name}>`;
  return `<${name}>${String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</${name}>`;
}

function listMetadata(ctx: Ctx, b: SoapNode): HttpResponse {
  const queries = list(b.queries);
  if (queries.length > 3) return soapFault('UNKNOWN_EXCEPTION', 'Too many queries: listMetadata accepts at most 3 queries per call');
  const results: XmlObject[] = [];
  for (const q of queries) {
    const typeName = text((q as SoapNode).type) ?? '';
    const type = typeByName(typeName);
    if (!type) return soapFault('INVALID_TYPE', `Unknown type: ${typeName}`);
    if (type === SETTINGS_TYPE) {
      const admin = ctx.state.data.users[0];
      results.push(fileProps(ECA_SETTINGS_MEMBER, 'settings/ExternalClientApp.settings', '', 'Settings', admin.id, admin.name, undefined, undefined));
      continue;
    }
    for (const c of ctx.state.components(type.xmlName)) {
      const who = ctx.state.userById(c.lastModifiedById);
      results.push(fileProps(c.fullName, `${type.directoryName}/${c.fullName}.${type.suffix}`, c.id, type.xmlName, c.createdById, who?.name ?? '', c.createdDate, c.lastModifiedDate));
    }
  }
  return soapResponse('listMetadata', results);
}

function fileProps(
  fullName: string,
  fileName: string,
  id: string,
  type: string,
  userId: string,
  userName: string,
  created: string | undefined,
  modified: string | undefined
): XmlObject {
  const now = new Date().toISOString();
  return {
    createdById: userId,
    createdByName: userName,
    createdDate: created ?? now,
    fileName,
    fullName,
    id,
    lastModifiedById: userId,
    lastModifiedByName: userName,
    lastModifiedDate: modified ?? now,
    manageableState: 'unmanaged',
    type,
  };
}

function retrieve(ctx: Ctx, b: SoapNode, version: string): HttpResponse {
  const r = (b.retrieveRequest ?? b.request ?? {}) as SoapNode;
  const unpackaged = r.unpackaged as SoapNode | undefined;
  const manifest: PackageManifest | undefined = unpackaged
    ? {
        types: list(unpackaged.types).map((t) => ({
          name: text((t as SoapNode).name) ?? '',
          members: list((t as SoapNode).members).map((m) => text(m) ?? ''),
        })),
        version: text(unpackaged.version),
      }
    : undefined;
  const job = ctx.jobs.submitRetrieve({ apiVersion: text(r.apiVersion) ?? version, singlePackage: bool(r.singlePackage, false), unpackaged: manifest });
  return soapResponse('retrieve', [{ done: false, id: job.id, state: 'Queued' }]);
}

async function checkRetrieveStatus(ctx: Ctx, b: SoapNode): Promise<HttpResponse> {
  const id = text(b.asyncProcessId) ?? '';
  const job = await ctx.jobs.retrieve(id);
  if (!job) return soapFault('INVALID_ID_FIELD', `Invalid id: ${id}`);
  const includeZip = bool(b.includeZip, true);
  const o = job.outcome;
  const done = job.status === 'Succeeded' || job.status === 'Failed';
  const result: XmlObject = {
    done,
    ...(job.error ? { errorMessage: job.error, errorStatusCode: 'UNKNOWN_EXCEPTION' } : {}),
    fileProperties: o?.fileProperties ?? [],
    id: job.id,
    messages: o?.messages ?? [],
    status: job.status,
    success: job.status === 'Succeeded',
    ...(o && includeZip ? { zipFile: o.zip.toString('base64') } : {}),
  };
  return soapResponse('checkRetrieveStatus', [result]);
}

function describeMetadata(ctx: Ctx, version: string): HttpResponse {
  const v = Number(version);
  const objects = ALL_TYPES.filter((t) => t.since <= v).map((t) => ({
    directoryName: t.directoryName,
    inFolder: false,
    metaFile: false,
    suffix: t.suffix,
    xmlName: t.xmlName,
  }));
  return soapResponse('describeMetadata', [
    { metadataObjects: objects, organizationNamespace: '', partialSaveAllowed: true, testRequired: !ctx.state.fixture.sandbox },
  ]);
}
