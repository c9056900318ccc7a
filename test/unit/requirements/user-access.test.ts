import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { buildComponents, contextOf } from '../../../src/generate/build.js';
import { evaluate, evaluateUserAccess } from '../../../src/requirements/engine.js';
import { ORG_REQUIREMENTS } from '../../../src/requirements/table.js';
import { apiEnabled, canEditCases, canLogIn, caseSharing } from '../../../src/requirements/user-access.js';
import type { ObjectGrant, UserAccessFacts, UserPermissionGrant } from '../../../src/org/user-access.js';
import { buildAppSpec } from '../../../src/spec/validate-input.js';

const profile = { kind: 'profile', name: 'Support Agent' } as const;
const ops = { kind: 'permission set', name: 'Ops' } as const;
const group = { kind: 'permission set group', name: 'Agents' } as const;

const grant = (source: UserPermissionGrant['source'], held: Partial<Omit<UserPermissionGrant, 'source'>> = {}): UserPermissionGrant => ({
  source,
  apiEnabled: false,
  apiUserOnly: false,
  viewAllData: false,
  modifyAllData: false,
  ...held,
});
const onCase = (source: ObjectGrant['source'], held: Partial<Omit<ObjectGrant, 'source'>> = {}): ObjectGrant => ({
  source,
  read: false,
  edit: false,
  viewAll: false,
  modifyAll: false,
  ...held,
});

/** A user who can do the connector's job through their profile. */
const able: UserAccessFacts = {
  username: 'agent@example.com',
  found: true,
  isActive: true,
  isFrozen: false,
  profileName: 'Support Agent',
  loginIpRanges: [],
  permissions: [grant(profile, { apiEnabled: true }), grant(ops)],
  caseAccess: [onCase(profile, { read: true, edit: true })],
  loginHours: {},
  orgTimeZone: 'America/Los_Angeles',
  defaultCaseAccess: 'ReadEditTransfer',
};

describe('the authorizing user\'s rows', () => {
  it('a user with everything passes all three, naming where each permission comes from', () => {
    expect(canLogIn(able)).to.include({ holds: true });
    expect(apiEnabled(able)).to.deep.include({ holds: true, found: 'API Enabled from profile Support Agent' });
    expect(canEditCases(able)).to.deep.include({ holds: true, found: 'Read and Edit on Case from profile Support Agent' });
  });

  describe('can log in', () => {
    it('fails for an inactive or a frozen user', () => {
      expect(canLogIn({ ...able, isActive: false })).to.include({ holds: false, found: 'agent@example.com is inactive' });
      expect(canLogIn({ ...able, isFrozen: true })).to.include({ holds: false, found: 'agent@example.com is frozen' });
    });

    it('warns with the ranges when the profile sets login IP ranges', () => {
      const verdict = canLogIn({ ...able, loginIpRanges: [{ startAddress: '10.0.0.0', endAddress: '10.0.0.255' }] });
      expect(verdict.holds).to.equal('warn');
      expect(verdict.found).to.contain('profile Support Agent allows logins only from 10.0.0.0–10.0.0.255');
    });

    it('warns, never passes, when UserLogin or the IP ranges could not be read', () => {
      expect(canLogIn({ ...able, isFrozen: undefined }).holds).to.equal('warn');
      expect(canLogIn({ ...able, loginIpRanges: undefined })).to.deep.include({ holds: 'warn' });
      expect(canLogIn({ ...able, loginIpRanges: undefined }).found).to.contain('could not read');
      expect(canLogIn({ ...able, isActive: undefined }).holds).to.equal(undefined);
    });
  });

  describe('API Enabled', () => {
    it('counts a permission set group (its aggregate, muting applied) like any other source', () => {
      const verdict = apiEnabled({ ...able, permissions: [grant(profile), grant(group, { apiEnabled: true })] });
      expect(verdict).to.deep.include({ holds: true, found: 'API Enabled from permission set group Agents' });
    });

    it('fails naming every source looked at, profile first', () => {
      const verdict = apiEnabled({ ...able, permissions: [grant(ops), grant(group), grant(profile)] });
      expect(verdict).to.deep.include({
        holds: false,
        found: 'API Enabled in none of profile Support Agent, permission set Ops, permission set group Agents',
      });
      expect(verdict.args).to.deep.equal(['agent@example.com', 'Support Agent']);
    });

    it('notes API Only User without failing', () => {
      const verdict = apiEnabled({ ...able, permissions: [grant(profile, { apiEnabled: true, apiUserOnly: true })] });
      expect(verdict.holds).to.equal(true);
      expect(verdict.found).to.contain('API Only User');
    });
  });

  describe('edit Cases', () => {
    it('fails read only, naming where Read comes from', () => {
      const verdict = canEditCases({ ...able, caseAccess: [onCase(profile, { read: true })] });
      expect(verdict).to.deep.include({ holds: false, found: 'read only: Read on Case from profile Support Agent, Edit from none' });
    });

    it('View All Data reads but does not edit; Modify All Data (or Modify All on Case) does both', () => {
      const viewAll = canEditCases({ ...able, caseAccess: [], permissions: [grant(profile, { viewAllData: true })] });
      expect(viewAll.holds).to.equal(false);
      expect(viewAll.found).to.contain('read only');
      const modifyAll = canEditCases({ ...able, caseAccess: [], permissions: [grant(ops, { modifyAllData: true })] });
      expect(modifyAll).to.deep.include({ holds: true, found: 'Modify All Data from permission set Ops' });
      expect(canEditCases({ ...able, caseAccess: [onCase(group, { modifyAll: true })] }).holds).to.equal(true);
    });

    it('fails with no access at all, and cannot judge what it could not read', () => {
      expect(canEditCases({ ...able, caseAccess: [] }).found).to.equal('no access to Case from profile Support Agent, permission set Ops');
      expect(canEditCases({ ...able, caseAccess: undefined }).holds).to.equal(undefined);
    });
  });

  describe('Case sharing', () => {
    it('passes under a Public Read/Write default, or with Modify All whatever the default', () => {
      expect(caseSharing(able)).to.deep.include({ holds: true, found: "Case's organization-wide default is Public Read/Write/Transfer" });
      expect(caseSharing({ ...able, defaultCaseAccess: 'Edit' }).holds).to.equal(true);
      const onCaseModifyAll = caseSharing({ ...able, defaultCaseAccess: 'None', caseAccess: [onCase(group, { read: true, edit: true, modifyAll: true })] });
      expect(onCaseModifyAll).to.deep.include({
        holds: true,
        found: "Case's organization-wide default is Private; Modify All from permission set group Agents sidesteps sharing",
      });
      const modifyAllData = caseSharing({ ...able, defaultCaseAccess: 'Read', permissions: [grant(profile, { apiEnabled: true, modifyAllData: true })] });
      expect(modifyAllData.holds).to.equal(true);
    });

    it('is unmet under a Private or Public Read Only default without Modify All; View All is named as read only', () => {
      const privateDefault = caseSharing({ ...able, defaultCaseAccess: 'None' });
      expect(privateDefault.holds).to.equal(false);
      expect(privateDefault.found).to.equal(
        "Case's organization-wide default is Private; no Modify All on Case or Modify All Data: agent@example.com can edit only the Cases they own or that sharing rules, teams or the role hierarchy share with them"
      );
      const viewAll = caseSharing({ ...able, defaultCaseAccess: 'Read', caseAccess: [onCase(ops, { read: true, edit: true, viewAll: true })] });
      expect(viewAll.holds).to.equal(false);
      expect(viewAll.found).to.contain("Case's organization-wide default is Public Read Only").and.to.contain('(View All on Case from permission set Ops gives read, not edit)');
    });

    it('cannot judge without the org\'s Case default or the object permissions', () => {
      expect(caseSharing({ ...able, defaultCaseAccess: undefined }).holds).to.equal(undefined);
      expect(caseSharing({ ...able, caseAccess: undefined }).holds).to.equal(undefined);
    });
  });

  describe('in the engine', () => {
    const spec = buildAppSpec({
      name: 'Dropzone',
      label: 'Dropzone',
      contactEmail: 'admin@example.com',
      orgType: 'production',
      profiles: ['Support Agent'],
      permissionSets: [],
      apiVersion: '66.0',
    });
    const app = buildComponents(spec);
    const facts = { authorizingUser: { username: able.username, profileName: 'Support Agent', permissionSets: [] }, settings: { enableClientSecretInRestApiAccess: true } };

    it('adds the user\'s rows only when the user\'s access was read', () => {
      const ids = (access?: UserAccessFacts): string[] =>
        evaluate(app, contextOf(spec), { ...facts, ...(access ? { authorizingUserAccess: access } : {}) })
          .map((finding) => finding.id)
          .filter((id) => id.startsWith('authorizing-user-'));
      expect(ids()).to.deep.equal(['authorizing-user-pre-authorized']);
      expect(ids(able)).to.deep.equal([
        'authorizing-user-pre-authorized',
        'authorizing-user-can-log-in',
        'authorizing-user-login-hours',
        'authorizing-user-api-enabled',
        'authorizing-user-edits-cases',
        'authorizing-user-case-sharing',
      ]);
    });

    it('a failing row is required, names the user in its action; an unreadable one warns', () => {
      const [logIn, , api, cases, sharing] = evaluateUserAccess({ ...able, permissions: [grant(profile)], caseAccess: undefined });
      expect(logIn).to.include({ status: 'pass', action: '' });
      expect(api).to.include({ status: 'fail', severity: 'required', component: 'Org' });
      expect(api.action).to.contain('agent@example.com').and.to.contain('API Enabled').and.to.contain('Support Agent');
      expect(cases).to.include({ status: 'warn', found: '(could not read)' });
      expect(sharing).to.include({ status: 'warn', severity: 'recommended', found: '(could not read)' });
    });

    it('an unmet Case sharing row warns (recommended), never fails', () => {
      const sharing = evaluateUserAccess({ ...able, defaultCaseAccess: 'None' }).find((finding) => finding.id === 'authorizing-user-case-sharing')!;
      expect(sharing).to.include({ status: 'warn', severity: 'recommended' });
      expect(sharing.action).to.contain('Give agent@example.com "Modify All" on Case');
    });
  });
});

describe('the JSON schemas name the authorizing user\'s rows', () => {
  type Node = { description?: string; properties?: Record<string, Node>; items?: Node; definitions?: Record<string, Node> };
  const load = async (file: string): Promise<Node> =>
    JSON.parse(await readFile(new URL(`../../../schemas/${file}`, import.meta.url), 'utf8')) as Node;

  it('validate names every org row, create the user rows it adds', async () => {
    const validate = (await load('dropzone-app-validate.json')).definitions!.finding.properties!.id.description ?? '';
    for (const row of ORG_REQUIREMENTS) expect(validate, row.id).to.contain(row.id);
    const create = (await load('dropzone-app-create.json')).properties!.verification.properties!.findings.items!.properties!.id.description ?? '';
    const userRows = ORG_REQUIREMENTS.map((row) => row.id).filter((id) => id.startsWith('authorizing-user-') && id !== 'authorizing-user-pre-authorized');
    expect(userRows).to.have.length(5);
    for (const id of userRows) expect(create, id).to.contain(id);
  });
});
