import { expect } from 'chai';
import { buildComponents, contextOf } from '../../../src/generate/build.js';
import { AppComponents, Component, FieldValue, SLOT_OF_KIND, splitList } from '../../../src/metadata/components.js';
import { OrgFacts, evaluate } from '../../../src/requirements/engine.js';
import { Finding } from '../../../src/requirements/findings.js';
import { CHECKED_REQUIREMENTS, ComponentRequirement, ExpectationContext } from '../../../src/requirements/table.js';
import { buildAppSpec } from '../../../src/spec/validate-input.js';

const spec = buildAppSpec({
  name: 'SendSafely_Dropzone_Connector',
  label: 'SendSafely Dropzone Connector',
  contactEmail: 'admin@example.com',
  orgType: 'production',
  profiles: ['System Administrator'],
  permissionSets: ['Dropzone_User'],
  sessionTimeoutMinutes: 120,
  apiVersion: '66.0',
});
const context: ExpectationContext = contextOf(spec);
const compliantFacts: OrgFacts = {
  authorizingUser: { username: 'admin@example.com', profileName: 'System Administrator', permissionSets: [] },
  settings: { enableClientSecretInRestApiAccess: true },
  userPermissions: { ExternalClientAppDeveloper: true, ExternalClientAppAdmin: true, ViewClientSecret: true },
};

function withField(app: AppComponents, row: ComponentRequirement, value: FieldValue | undefined, preserved = false): AppComponents {
  const slot = SLOT_OF_KIND[row.component];
  const component = app[slot] as Component;
  const fields = { ...(component.fields as Record<string, FieldValue | undefined>) };
  if (value === undefined) delete fields[row.field];
  else fields[row.field] = value;
  const extra = preserved
    ? [{ name: row.field, node: { [row.field]: [{ startIpAddress: [{ '#text': '10.0.0.1' }] }, { endIpAddress: [{ '#text': '10.0.0.9' }] }] } }]
    : [];
  return { ...app, [slot]: { ...component, fields, preserved: [...component.preserved, ...extra] } };
}

/** A value that breaks the row, derived from its rule. */
function breaking(app: AppComponents, row: ComponentRequirement): AppComponents {
  const rule = row.rule;
  switch (rule.kind) {
    case 'equals':
      return withField(app, row, typeof rule.value === 'boolean' ? !rule.value : 'SomethingElse');
    case 'equalsContext':
      return withField(app, row, typeof context[rule.key] === 'number' ? 15 : 'https://example.com/elsewhere');
    case 'listsContextLine':
      return withField(app, row, 'https://example.com/elsewhere\nhttps://example.com/another');
    case 'includesAll':
      return withField(app, row, rule.values.slice(1).join(', '));
    case 'includesContext':
      return withField(app, row, 'Someone Else');
    case 'email':
      return withField(app, row, 'not an email');
    case 'absent':
      return withField(app, row, undefined, true);
  }
}

const failing = (findings: readonly Finding[]): string[] => findings.filter((f) => f.status !== 'pass').map((f) => f.id);

describe('each requirement, passing and failing', () => {
  const compliant = buildComponents(spec);

  it('the generated app passes every row, org rows included', () => {
    const findings = evaluate(compliant, context, compliantFacts);
    expect(failing(findings)).to.deep.equal([]);
    expect(findings.map((f) => f.id)).to.include.members(CHECKED_REQUIREMENTS.map((row) => row.id));
  });

  for (const row of CHECKED_REQUIREMENTS) {
    it(`${row.id}: ${row.severity === 'required' ? 'fails' : 'warns'} when unmet, and only that row`, () => {
      const findings = evaluate(breaking(compliant, row), context);
      const finding = findings.find((f) => f.id === row.id)!;
      expect(finding.status).to.equal(row.severity === 'required' ? 'fail' : 'warn');
      expect(finding.action).to.not.equal('');
      expect(failing(findings)).to.deep.equal([row.id]);
    });
  }

  it('a missing component fails its rows with "(component missing)"', () => {
    const findings = evaluate({ ...compliant, globalOauth: undefined }, context);
    const globalRows = findings.filter((f) => f.component === 'ExtlClntAppGlobalOauthSettings');
    expect(globalRows).to.not.be.empty;
    for (const finding of globalRows) {
      expect(finding.found).to.equal('(component missing)');
      expect(finding.status).to.not.equal('pass');
    }
  });

  it('accepts OfflineAccess for RefreshToken and ", "-separated lists in any case', () => {
    const row = CHECKED_REQUIREMENTS.find((r) => r.id === 'oauth-scopes')!;
    const app = withField(compliant, row, 'api,  full ,OfflineAccess');
    expect(failing(evaluate(app, context))).to.deep.equal([]);
    expect(splitList('Api, Full')).to.deep.equal(['Api', 'Full']);
  });

  it('an absent element is checked as its documented default', () => {
    const pkce = CHECKED_REQUIREMENTS.find((r) => r.id === 'pkce-off')!;
    const jwt = CHECKED_REQUIREMENTS.find((r) => r.id === 'opaque-access-tokens')!;
    const findings = evaluate(withField(withField(compliant, pkce, undefined), jwt, undefined), context);
    expect(findings.find((f) => f.id === 'pkce-off')).to.include({ status: 'fail', found: '(not set): default true' });
    expect(findings.find((f) => f.id === 'opaque-access-tokens')).to.include({ status: 'pass' });
  });

  describe('org rows', () => {
    const statusOf = (facts: OrgFacts, id: string): string | undefined =>
      evaluate(compliant, context, facts).find((f) => f.id === id)?.status;

    it('authorizing-user-pre-authorized: passes by profile or permission set, fails otherwise, warns when unknown', () => {
      const user = { username: 'u@example.com', profileName: 'Standard User', permissionSets: [] as string[] };
      expect(statusOf({ ...compliantFacts, authorizingUser: user }, 'authorizing-user-pre-authorized')).to.equal('fail');
      expect(
        statusOf({ ...compliantFacts, authorizingUser: { ...user, permissionSets: ['Dropzone_User'] } }, 'authorizing-user-pre-authorized')
      ).to.equal('pass');
      expect(statusOf({ ...compliantFacts, authorizingUser: undefined }, 'authorizing-user-pre-authorized')).to.equal('warn');
    });

    it('rest-secret-access: warns when off or unreadable', () => {
      expect(statusOf({ ...compliantFacts, settings: { enableClientSecretInRestApiAccess: false } }, 'rest-secret-access')).to.equal('warn');
      expect(statusOf({ ...compliantFacts, settings: {} }, 'rest-secret-access')).to.equal('warn');
    });

    it('eca-permissions: warns naming the missing permission', () => {
      const findings = evaluate(compliant, context, {
        ...compliantFacts,
        userPermissions: { ExternalClientAppDeveloper: true, ExternalClientAppAdmin: true, ViewClientSecret: false },
      });
      expect(findings.find((f) => f.id === 'eca-permissions')).to.include({ status: 'warn', found: 'missing ViewClientSecret' });
    });
  });
});
