import { XMLParser } from 'fast-xml-parser';
import { HttpResponse } from '../http/types.js';
import { METADATA_NS } from '../schema.js';
import { XmlObject, XmlValue, escapeXml, toXml } from '../xml.js';

export type SoapNode = { [key: string]: SoapValue };
export type SoapValue = string | SoapNode | SoapValue[];
export type SoapRequest = { operation: string; sessionId?: string; body: SoapNode };

const REPEATED = new Set(['fullNames', 'queries', 'types', 'members', 'packageNames', 'specificFiles', 'runTests', 'metadata']);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

export function parseSoap(text: string): SoapRequest | undefined {
  const doc = parser.parse(text) as SoapNode;
  const env = doc.Envelope as SoapNode | undefined;
  const body = env?.Body as SoapNode | undefined;
  if (!body || typeof body !== 'object') return undefined;
  const operation = Object.keys(body)[0];
  if (!operation) return undefined;
  const header = env?.Header as SoapNode | undefined;
  const sessionHeader = header?.SessionHeader as SoapNode | undefined;
  const sessionId = typeof sessionHeader?.sessionId === 'string' ? sessionHeader.sessionId : undefined;
  const op = body[operation];
  return { operation, sessionId, body: typeof op === 'object' && !Array.isArray(op) ? op : {} };
}

export function text(node: SoapValue | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return text(node[0]);
  return '';
}

export function list(node: SoapValue | undefined): SoapValue[] {
  if (node === undefined) return [];
  return Array.isArray(node) ? node : [node];
}

export function bool(node: SoapValue | undefined, dflt: boolean): boolean {
  const t = text(node);
  return t === undefined || t === '' ? dflt : t === 'true';
}

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
  `xmlns="${METADATA_NS}" xmlns:sf="${METADATA_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>`;
const ENVELOPE_CLOSE = '</soapenv:Body></soapenv:Envelope>';

/** `<opResponse><result>…</result>…</opResponse>`; results may be pre-rendered XML strings. */
export function soapResponse(operation: string, results: Array<XmlObject | { raw: string }>): HttpResponse {
  const inner = results.map((r) => ('raw' in r && typeof r.raw === 'string' ? `<result>${r.raw}</result>` : toXml('result', r as XmlValue, ''))).join('');
  return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: `${ENVELOPE_OPEN}<${operation}Response>${inner}</${operation}Response>${ENVELOPE_CLOSE}` };
}

export function soapFault(code: string, message: string, status = 500): HttpResponse {
  const body =
    `${ENVELOPE_OPEN}<soapenv:Fault><faultcode>sf:${code}</faultcode>` +
    `<faultstring>${escapeXml(`${code}: ${message}`)}</faultstring>` +
    `<detail><sf:UnexpectedErrorFault><sf:exceptionCode>${code}</sf:exceptionCode>` +
    `<sf:exceptionMessage>${escapeXml(message)}</sf:exceptionMessage></sf:UnexpectedErrorFault></detail></soapenv:Fault>${ENVELOPE_CLOSE}`;
  return { status, headers: { 'content-type': 'text/xml; charset=utf-8' }, body };
}
