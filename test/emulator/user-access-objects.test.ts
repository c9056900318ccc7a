import { expect } from 'chai';
import JSZip from 'jszip';
import { Emulator, startEmulator } from '../../emulator/index.js';
import { runRetrieve } from '../../emulator/retrieve.js';

type Records = Array<Record<string, unknown>>;

async function query(emu: Emulator, soql: string): Promise<{ status: number; records: Records; body: unknown }> {
  const res = await fetch(`${emu.instanceUrl}/services/data/v66.0/query?q=${encodeURIComponent(soql)}`, {
    headers: { authorization: `Bearer ${emu.accessToken}` },
  });
  const body = (await res.json()) as { records?: Records };
  return { status: res.status, records: body.records ?? [], body };
}

describe('emulator: what decides whether a user can run the connector', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({});
  });
  after(async () => emu.stop());

  it('semi-joins: ObjectPermissions of the permission sets a user holds (profile-owned included)', async () => {
    const { status, records } = await query(
      emu,
      "SELECT SobjectType, PermissionsRead, PermissionsEdit, Parent.IsOwnedByProfile FROM ObjectPermissions WHERE SobjectType = 'Case' AND ParentId IN (SELECT PermissionSetId FROM PermissionSetAssignment WHERE Assignee.Username = 'caseread@dropzone.emulator')"
    );
    expect(status).to.equal(200);
    expect(records.map(({ PermissionsRead, PermissionsEdit, Parent }) => ({ PermissionsRead, PermissionsEdit, owned: (Parent as Record<string, unknown>).IsOwnedByProfile }))).to.deep.equal([
      { PermissionsRead: true, PermissionsEdit: false, owned: true },
    ]);
  });

  it('anti-joins and a malformed subquery behave as SOQL does', async () => {
    const users = await query(emu, "SELECT Username FROM User WHERE Id NOT IN (SELECT UserId FROM UserLogin WHERE IsFrozen = false)");
    expect(users.records.map((record) => record.Username)).to.deep.equal(['frozen@dropzone.emulator']);
    const bad = await query(emu, 'SELECT Id FROM User WHERE Id IN (SELECT Id, Username FROM User)');
    expect(bad.status).to.equal(400);
    expect(JSON.stringify(bad.body)).to.contain('MALFORMED_QUERY');
  });

  it('a permission set group assignment points at the group\'s aggregate set, with muted permissions taken out', async () => {
    const rows = async (username: string): Promise<Records> =>
      (
        await query(
          emu,
          `SELECT PermissionSetGroup.DeveloperName, PermissionSet.Type, PermissionSet.PermissionsApiEnabled FROM PermissionSetAssignment WHERE Assignee.Username = '${username}' AND PermissionSetGroupId != null`
        )
      ).records;
    const [muted] = await rows('muted@dropzone.emulator');
    expect(muted).to.deep.include({ PermissionSetGroup: { attributes: (muted.PermissionSetGroup as Record<string, unknown>).attributes, DeveloperName: 'Support_No_Api' } });
    expect(muted.PermissionSet).to.deep.include({ Type: 'Group', PermissionsApiEnabled: false });
    const [full] = await rows('support@dropzone.emulator');
    expect(full.PermissionSet).to.deep.include({ Type: 'Group', PermissionsApiEnabled: true });
    const components = await query(
      emu,
      "SELECT PermissionSetId FROM PermissionSetGroupComponent WHERE PermissionSetGroup.DeveloperName = 'Support_No_Api'"
    );
    const muting = await query(emu, 'SELECT Id, PermissionsApiEnabled FROM MutingPermissionSet');
    expect(muting.records).to.have.length(1);
    expect(muting.records[0].PermissionsApiEnabled).to.equal(true);
    expect(components.records.map((record) => record.PermissionSetId)).to.include(muting.records[0].Id);
  });

  it('frozen users, login IP ranges of a profile, and API Enabled on profile-owned permission sets', async () => {
    const frozen = await query(emu, "SELECT IsFrozen FROM UserLogin WHERE User.Username = 'frozen@dropzone.emulator'");
    expect(frozen.records[0].IsFrozen).to.equal(true);
    const ranges = await query(
      emu,
      "SELECT StartAddress, EndAddress FROM LoginIpRange WHERE ProfileId IN (SELECT ProfileId FROM User WHERE Username = 'iprange@dropzone.emulator')"
    );
    expect(ranges.records.map(({ StartAddress, EndAddress }) => `${String(StartAddress)}-${String(EndAddress)}`)).to.deep.equal([
      '10.0.0.0-10.255.255.255',
      '203.0.113.0-203.0.113.255',
    ]);
    const noApi = await query(emu, "SELECT PermissionsApiEnabled FROM PermissionSet WHERE Profile.Name = 'Minimum Access - Salesforce'");
    expect(noApi.records[0].PermissionsApiEnabled).to.equal(false);
  });

  it('with loginIpRangeQueryable off, LoginIpRange is an unknown sObject', async () => {
    const other = await startEmulator({ fixture: { switches: { loginIpRangeQueryable: false } } });
    try {
      const { status, body } = await query(other, 'SELECT StartAddress FROM LoginIpRange');
      expect(status).to.equal(400);
      expect(JSON.stringify(body)).to.contain('INVALID_TYPE');
    } finally {
      await other.stop();
    }
  });

  it('the org\'s default time zone and Case default are Organization fields', async () => {
    const { records } = await query(emu, 'SELECT TimeZoneSidKey, DefaultCaseAccess FROM Organization');
    expect(records[0]).to.deep.include({ TimeZoneSidKey: 'America/Los_Angeles', DefaultCaseAccess: 'ReadEditTransfer' });
  });

  it('profiles retrieve by Metadata API name beside other types, with their login hours and login IP ranges', async () => {
    const outcome = await runRetrieve(
      emu.org,
      {
        apiVersion: '66.0',
        singlePackage: true,
        unpackaged: {
          types: [
            { name: 'ExternalClientApplication', members: ['*'] },
            { name: 'Profile', members: ['Admin', 'System Administrator', 'Custom%3A No Login Hours', 'Custom%3A Support Profile'] },
          ],
          version: '66.0',
        },
      },
      emu.org.fixture.switches
    );
    const zip = await JSZip.loadAsync(outcome.zip);
    expect(Object.keys(zip.files).filter((name) => name.startsWith('profiles/') && !zip.files[name].dir).sort()).to.deep.equal([
      'profiles/Admin.profile',
      'profiles/Custom%3A No Login Hours.profile',
      'profiles/Custom%3A Support Profile.profile',
    ]);
    // A name the org does not know is a message, not a failure (the label of a standard profile here).
    expect(outcome.messages.map((message) => message.problem)).to.deep.equal(["Entity of type 'Profile' named 'System Administrator' cannot be found"]);
    const locked = await zip.file('profiles/Custom%3A No Login Hours.profile')!.async('string');
    expect(locked).to.contain('<loginHours>').and.to.contain('<mondayStart>0</mondayStart>').and.to.contain('<mondayEnd>0</mondayEnd>');
    const admin = await zip.file('profiles/Admin.profile')!.async('string');
    expect(admin).to.not.contain('<loginHours>');
    expect(admin).to.contain('<name>ApiEnabled</name>');
    const support = await zip.file('profiles/Custom%3A Support Profile.profile')!.async('string');
    expect(support).to.contain('<startAddress>10.0.0.0</startAddress>');
    expect(await zip.file('package.xml')!.async('string')).to.contain('<name>Profile</name>');
  });
});
