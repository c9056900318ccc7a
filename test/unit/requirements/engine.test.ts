import { expect } from 'chai';
import { buildComponents, contextOf } from '../../../src/generate/build.js';
import { AppComponents, Component, FieldValue, SLOT_OF_KIND } from '../../../src/metadata/components.js';
import { fieldSpec } from '../../../src/metadata/schema.js';
import { OrgFacts, driftedKinds, evaluate } from '../../../src/requirements/engine.js';
import { Finding, summarize } from '../../../src/requirements/findings.js';
import { CHECKED_REQUIREMENTS, ComponentRequirement, ExpectationContext } from '../../../src/requirements/table.js';
import { actionOf } from '../../../src/requirements/text.js';
import { buildAppSpec } from '../../../src/spec/validate-input.js';

const spec = buildAppSpec({
  name: 'Dropzone',
  label: 'Dropzone',
  contactEmail: 'admin@example.com',
  orgType: 'production',
  profiles: ['System Administrator', 'Support Agent'],
  permissionSets: ['Dropzone_Users'],
  sessionTimeoutMinutes: 120,
  apiVersion: '66.0',
});
const context = contextOf(spec);

/** A copy of the app with one field of one component replaced (undefined removes it). */
function withField(app: AppComponents, row: ComponentRequirement, value: FieldValue | undefined): AppComponents {
  const slot = SLOT_OF_KIND[row.component];
  const component = app[slot] as Component;
  const fields: Record<string, FieldValue | undefined> = { ...component.fields };
  if (value === undefined) delete fields[row.field];
  else fields[row.field] = value;
  return { ...app, [slot]: { ...component, fields } };
}

/** A value that breaks the row's rule. */
function wrongValue(row: ComponentRequirement): FieldValue {
  const rule = row.rule;
  switch (rule.kind) {
    case 'equals':
      return typeof rule.value === 'boolean' ? !rule.value : `Not${String(rule.value)}`;
    case 'equalsContext':
      return rule.key === 'callbackUrl' ? 'https://evil.example.com/cb' : 15;
    case 'listsContextLine':
      return 'https://evil.example.com/cb\nhttps://other.example.com/cb';
    case 'includesAll':
      return rule.values.slice(1).join(', ');
    case 'includesContext':
      return 'Someone Else';
    case 'email':
      return 'not-an-email';
    case 'absent':
      throw new Error('absent rows are broken by adding the element');
  }
}

function findingOf(findings: Finding[], id: string): Finding {
  const finding = findings.find((candidate) => candidate.id === id);
  if (!finding) throw new Error(`no finding ${id} among ${findings.map((f) => f.id).join(', ')}`);
  return finding;
}

describe('requirements engine', () => {
  const app = buildComponents(spec);

  it('passes every checked row on what the generator builds', () => {
    const findings = evaluate(app, context);
    expect(findings.map((finding) => finding.id)).to.deep.equal(CHECKED_REQUIREMENTS.map((row) => row.id));
    for (const finding of findings) expect(finding.status, `${finding.id}: ${finding.found}`).to.equal('pass');
    expect(summarize(findings)).to.deep.equal({ passed: findings.length, failed: 0, warnings: 0, compliant: true });
    expect(driftedKinds(findings)).to.deep.equal([]);
  });

  for (const row of CHECKED_REQUIREMENTS) {
    const expectedStatus = row.severity === 'required' ? 'fail' : 'warn';
    if (row.rule.kind === 'absent') {
      it(`${row.id}: ${expectedStatus}s when ${row.field} is present`, () => {
        const slot = SLOT_OF_KIND[row.component];
        const component = app[slot] as Component;
        const element = { name: row.field, node: { [row.field]: [{ startAddress: [{ '#text': '10.0.0.1' }] }] } };
        const broken = { ...app, [slot]: { ...component, preserved: [element] } };
        const finding = findingOf(evaluate(broken, context), row.id);
        expect(finding.status).to.equal(expectedStatus);
        expect(finding.found).to.equal('1 set');
        expect(finding.action).to.equal(actionOf(row.id));
      });
      continue;
    }

    it(`${row.id}: ${expectedStatus}s on a wrong ${row.field}, naming what was found and the fix`, () => {
      const wrong = wrongValue(row);
      const findings = evaluate(withField(app, row, wrong), context);
      const finding = findingOf(findings, row.id);
      expect(finding.status).to.equal(expectedStatus);
      expect(finding.found).to.equal(String(wrong));
      expect(finding.action).to.be.a('string').and.not.equal('');
      expect(finding.component).to.equal(row.component);
      expect(finding.field).to.equal(row.field);
      // Only this row breaks.
      expect(findings.filter((other) => other.status !== 'pass').map((other) => other.id)).to.deep.equal([row.id]);
      expect(driftedKinds(findings)).to.deep.equal([row.component]);
    });

    // A file that leaves an element out deploys its documented default: absent is checked as that default.
    const fallback = fieldSpec(row.component, row.field)?.defaultValue;
    const holdsByDefault = row.rule.kind === 'equals' && fallback === row.rule.value;
    it(`${row.id}: ${holdsByDefault ? 'passes' : `${expectedStatus}s`} when ${row.field} is missing (default: ${String(fallback)})`, () => {
      const finding = findingOf(evaluate(withField(app, row, undefined), context), row.id);
      expect(finding.status).to.equal(holdsByDefault ? 'pass' : expectedStatus);
      expect(finding.found).to.equal(fallback === undefined ? '(not set)' : `(not set): default ${String(fallback)}`);
    });
  }

  it('fails every row of a missing component, saying so', () => {
    const findings = evaluate({ ...app, globalOauth: undefined }, context);
    const globalRows = findings.filter((finding) => finding.component === 'ExtlClntAppGlobalOauthSettings');
    expect(globalRows).to.have.length.greaterThan(5);
    for (const finding of globalRows) {
      expect(finding.status).not.to.equal('pass');
      expect(finding.found).to.equal('(component missing)');
    }
  });

  it('counts a required miss as a failure and a recommended one as a warning', () => {
    const broken = withField(
      withField(app, CHECKED_REQUIREMENTS.find((row) => row.id === 'pkce-off')!, true),
      CHECKED_REQUIREMENTS.find((row) => row.id === 'refresh-token-rotation-off')!,
      true
    );
    const summary = summarize(evaluate(broken, context));
    expect(summary).to.include({ failed: 1, warnings: 1, compliant: false });
  });

  describe('scopes', () => {
    const scopesRow = CHECKED_REQUIREMENTS.find((row) => row.id === 'oauth-scopes')!;
    const statusFor = (scopes: string): string => findingOf(evaluate(withField(app, scopesRow, scopes), context), 'oauth-scopes').status;

    it('accepts OfflineAccess for RefreshToken, any order, ", " or ",", any case, extra scopes', () => {
      expect(statusFor('Api, Full, OfflineAccess')).to.equal('pass');
      expect(statusFor('Full,Api,RefreshToken')).to.equal('pass');
      expect(statusFor('full, api, refreshtoken')).to.equal('pass');
      expect(statusFor('Web, Full, Api, RefreshToken, OpenID')).to.equal('pass');
    });

    it('refuses a list that lacks one of the three', () => {
      expect(statusFor('Full, Api')).to.equal('fail');
      expect(statusFor('Api, RefreshToken, OfflineAccess')).to.equal('fail');
      expect(statusFor('FullAccess, Api, RefreshToken')).to.equal('fail');
    });

    it('describes the synonym in the expectation', () => {
      expect(findingOf(evaluate(app, context), 'oauth-scopes').expected).to.equal('includes Full, Api, RefreshToken or OfflineAccess');
    });
  });

  describe('profiles and permission sets from the context', () => {
    const profileRow = CHECKED_REQUIREMENTS.find((row) => row.id === 'pre-authorized-profiles')!;

    it('requires every named profile, matched case-insensitively, extra ones allowed', () => {
      const statusFor = (value: string): Finding => findingOf(evaluate(withField(app, profileRow, value), context), profileRow.id);
      expect(statusFor('support agent,SYSTEM ADMINISTRATOR, Other').status).to.equal('pass');
      const missing = statusFor('System Administrator');
      expect(missing.status).to.equal('fail');
      expect(missing.expected).to.equal('includes System Administrator, Support Agent');
      expect(missing.action).to.include('System Administrator, Support Agent');
    });

    it('skips the rows the context leaves open (no permission sets, no session timeout)', () => {
      const open: ExpectationContext = { ...context, permissionSets: [], sessionTimeoutMinutes: undefined };
      const ids = evaluate(app, open).map((finding) => finding.id);
      expect(ids).not.to.include.members(['pre-authorized-permission-sets', 'session-timeout']);
      expect(ids).to.include('pre-authorized-profiles');
    });

    it('with no names given, asks for at least one pre-authorized profile or permission set', () => {
      const none: ExpectationContext = { ...context, profiles: [], permissionSets: [] };
      expect(findingOf(evaluate(app, none), 'pre-authorized-profiles').status).to.equal('pass');
      const stripped = withField(withField(app, profileRow, undefined), CHECKED_REQUIREMENTS.find((row) => row.id === 'pre-authorized-permission-sets')!, undefined);
      const finding = findingOf(evaluate(stripped, none), 'pre-authorized-profiles');
      expect(finding).to.include({ status: 'fail', expected: 'at least one pre-authorized profile or permission set', found: '(not set)' });
    });
  });

  describe('org rows (org mode)', () => {
    const facts = (overrides: Partial<OrgFacts> = {}): OrgFacts => ({
      authorizingUser: { username: 'admin@dropzone.fake', profileName: 'System Administrator', permissionSets: [] },
      settings: { enableClientSecretInRestApiAccess: true },
      userPermissions: { ExternalClientAppDeveloper: true, ExternalClientAppAdmin: true, ViewClientSecret: true },
      ...overrides,
    });
    const orgFinding = (orgFacts: OrgFacts, id: string): Finding => findingOf(evaluate(app, context, orgFacts), id);

    it('are checked only when facts are given', () => {
      expect(evaluate(app, context).some((finding) => finding.component === 'Org')).to.equal(false);
      const findings = evaluate(app, context, facts()).filter((finding) => finding.component === 'Org');
      expect(findings.map((finding) => [finding.id, finding.status])).to.deep.equal([
        ['authorizing-user-pre-authorized', 'pass'],
        ['rest-secret-access', 'pass'],
        ['eca-permissions', 'pass'],
      ]);
    });

    it('authorizing user: passes through a pre-authorized permission set, fails with neither, warns when unknown', () => {
      const viaPermissionSet = orgFinding(
        facts({ authorizingUser: { username: 'u@x.fake', profileName: 'Standard User', permissionSets: ['Dropzone_Users'] } }),
        'authorizing-user-pre-authorized'
      );
      expect(viaPermissionSet).to.include({ status: 'pass', found: 'u@x.fake has permission set Dropzone_Users' });

      const neither = orgFinding(
        facts({ authorizingUser: { username: 'u@x.fake', profileName: 'Standard User', permissionSets: ['Other'] } }),
        'authorizing-user-pre-authorized'
      );
      expect(neither).to.include({ status: 'fail', found: 'u@x.fake has profile Standard User, none pre-authorized' });
      expect(neither.action).to.include('u@x.fake');

      expect(orgFinding(facts({ authorizingUser: undefined }), 'authorizing-user-pre-authorized')).to.include({
        status: 'warn',
        found: '(user not found)',
      });
    });

    it('org setting: warns when off (recommended) or unreadable', () => {
      expect(orgFinding(facts({ settings: { enableClientSecretInRestApiAccess: false } }), 'rest-secret-access')).to.include({
        status: 'warn',
        found: 'false',
      });
      expect(orgFinding(facts({ settings: {} }), 'rest-secret-access')).to.include({ status: 'warn', found: '(could not read)' });
    });

    it('user permissions: names the missing ones', () => {
      const finding = orgFinding(
        facts({ userPermissions: { ExternalClientAppDeveloper: true, ExternalClientAppAdmin: false, ViewClientSecret: false } }),
        'eca-permissions'
      );
      expect(finding).to.include({ status: 'warn', found: 'missing ExternalClientAppAdmin, ViewClientSecret' });
      expect(finding.action).to.include('ExternalClientAppAdmin, ViewClientSecret');
      expect(orgFinding(facts({ userPermissions: undefined }), 'eca-permissions').found).to.equal('(could not read)');
    });

    it('org rows never count as drifted components', () => {
      const findings = evaluate(app, context, facts({ authorizingUser: undefined, settings: {} }));
      expect(driftedKinds(findings)).to.deep.equal([]);
    });
  });
});
