import { AppComponents, Component, SLOT_OF_KIND, componentsOf, fieldOf, joinList, splitList } from '../metadata/components.js';
import { ComponentKind, conventionalName, sourceFileName } from '../metadata/kinds.js';
import { fieldSpec } from '../metadata/schema.js';
import { asMetadataTokens, classifyScopes } from '../metadata/scopes.js';
import { loadMessages } from '../cli/messages.js';
import { Finding } from '../requirements/findings.js';

const messages = loadMessages('deployable');
const stepOf = (id: string): string => messages.getMessage(`${id}.step`);
const actionOf = (id: string, args: readonly string[]): string => messages.getMessage(`${id}.action`, [...args]);

/** Elements Salesforce writes on retrieve that name the org they came from; a deploy to another org fails on them. */
const ORG_SPECIFIC: ReadonlyArray<{ readonly kind: ComponentKind; readonly field: string }> = [
  { kind: 'ExternalClientApplication', field: 'orgScopedExternalApp' },
  { kind: 'ExtlClntAppOauthSettings', field: 'oauthLink' },
  { kind: 'ExtlClntAppGlobalOauthSettings', field: 'consumerKey' },
  { kind: 'ExtlClntAppGlobalOauthSettings', field: 'consumerSecret' },
];

type Row = Omit<Finding, 'step' | 'action'> & { readonly actionArgs: readonly string[] };

const finding = (row: Row): Finding => {
  const { actionArgs, ...rest } = row;
  return { ...rest, step: stepOf(row.id), action: actionOf(row.id, actionArgs) };
};

function orgSpecificIds(app: AppComponents): Finding[] {
  return ORG_SPECIFIC.flatMap(({ kind, field }) => {
    const component = app[SLOT_OF_KIND[kind]];
    const value = fieldOf(component, field);
    if (!component || value === undefined) return [];
    const org = /^(00D\w{12,15})\b/.exec(String(value))?.[1];
    return [
      finding({
        id: 'no-org-specific-ids',
        severity: 'recommended',
        status: 'warn',
        component: kind,
        componentName: component.fullName,
        field,
        expected: '(not set)',
        found: field === 'consumerSecret' ? '(set)' : String(value),
        actionArgs: [field, org ? `org ${org}` : 'the org it was retrieved from'],
      }),
    ];
  });
}

function elementsAtVersion(component: Component, version: number): Finding[] {
  const names = [...Object.keys(component.fields), ...component.preserved.map((element) => element.name)];
  return [...new Set(names)].flatMap((name) => {
    const spec = fieldSpec(component.kind, name);
    const base = { component: component.kind, componentName: component.fullName, field: name, found: 'set' };
    if (spec && spec.since > version) {
      return [
        finding({
          ...base,
          id: 'element-at-api-version',
          severity: 'required',
          status: 'fail',
          expected: `an element of ${component.kind} at API ${version.toFixed(1)}`,
          actionArgs: [name, component.kind, `${spec.since}.0`, version.toFixed(1)],
        }),
      ];
    }
    if (spec) return [];
    return [
      finding({
        ...base,
        id: 'element-unknown',
        // Real retrieves carry elements no public page lists yet: an unknown element is a warning, never a failure.
        severity: 'recommended',
        status: 'warn',
        expected: `an element of ${component.kind} at API ${version.toFixed(1)}`,
        actionArgs: [name, component.kind, version.toFixed(1)],
      }),
    ];
  });
}

function scopeTokens(app: AppComponents): Finding[] {
  const component = app.oauth;
  const tokens = splitList(fieldOf(component, 'commaSeparatedOauthScopes'));
  const classified = classifyScopes(tokens);
  const setup = classified.filter((token) => token.kind === 'setup');
  const unknown = classified.filter((token) => token.kind === 'unknown');
  if (!component || (setup.length === 0 && unknown.length === 0)) return [];
  const written = joinList(asMetadataTokens(tokens.filter((token) => !unknown.some((entry) => entry.token === token))));
  return [
    finding({
      id: setup.length > 0 ? 'scope-tokens-setup-names' : 'scope-tokens-unknown',
      severity: 'required',
      status: 'fail',
      component: component.kind,
      componentName: component.fullName,
      field: 'commaSeparatedOauthScopes',
      expected: 'metadata scope tokens (Full, Api, RefreshToken …)',
      found: joinList(tokens),
      actionArgs: setup.length > 0 ? [joinList(setup.map((token) => token.token)), written] : [joinList(unknown.map((token) => token.token)), written],
    }),
  ];
}

/**
 * What a folder needs to deploy to another org, beyond the guide's rows: no ids of the org it was retrieved from, only
 * elements the types have at the API version, only scope tokens Salesforce knows, written the metadata way.
 */
export function deployabilityFindings(app: AppComponents, apiVersion: number): Finding[] {
  return [...orgSpecificIds(app), ...componentsOf(app).flatMap((component) => elementsAtVersion(component, apiVersion)), ...scopeTokens(app)];
}

/**
 * In a folder, a missing component is a missing file: the rows about it say which file, and how to get it (a
 * retrieve, or create), not which setting to switch. A row whose scopes are written the Setup way names the tokens.
 */
export function inFileTerms(findings: readonly Finding[], app: AppComponents, appName: string): Finding[] {
  const setupScopes = classifyScopes(splitList(fieldOf(app.oauth, 'commaSeparatedOauthScopes'))).some((token) => token.kind === 'setup');
  return findings.map((row) => {
    if (row.status === 'pass' || row.component === 'Org') return row;
    const kind = row.component;
    if (!app[SLOT_OF_KIND[kind]]) {
      const file = sourceFileName(kind, conventionalName(kind, appName));
      return { ...row, action: actionOf('component-file-missing', [kind, appName, file, kind, appName]) };
    }
    if (row.id === 'oauth-scopes' && setupScopes) {
      const tokens = splitList(fieldOf(app.oauth, 'commaSeparatedOauthScopes'));
      const wanted = asMetadataTokens([...tokens, 'Full', 'Api', 'RefreshToken']);
      const unique = wanted.filter((token, index) => wanted.indexOf(token) === index && !(token === 'RefreshToken' && wanted.includes('OfflineAccess')));
      return { ...row, action: actionOf('oauth-scopes.setup-names', [joinList(tokens), joinList(unique)]) };
    }
    return row;
  });
}

