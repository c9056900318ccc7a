import { expect } from 'chai';
import JSZip from 'jszip';
import { DeployOptions, runDeploy } from '../../emulator/deploy.js';
import { FixtureOverrides, resolveFixture } from '../../emulator/fixture.js';
import { startEmulator } from '../../emulator/index.js';
import { OrgState } from '../../emulator/state.js';
import { APP, AppFile, appFiles, packageXml } from './app-files.js';
import { deployZip } from './deploy-helpers.js';
import { fieldCases, fieldFiles } from './field-files.js';

const OPTS: DeployOptions = { checkOnly: false, rollbackOnError: true, singlePackage: true, ignoreWarnings: false, purgeOnDelete: false };
const POLICY = 'ExtlClntAppOauthConfigurablePolicies';

function org(over?: FixtureOverrides): { state: OrgState; admin: string } {
  const state = new OrgState(resolveFixture(over, undefined));
  return { state, admin: state.userByUsername('admin@dropzone.emulator')!.id };
}

async function deploy(state: OrgState, user: string, files: AppFile[], opts: Partial<DeployOptions> = {}, version?: string) {
  return runDeploy(state, await deployZip(files, { version }), { ...OPTS, ...opts }, '66.0', user);
}

async function destroy(state: OrgState, user: string, members: Array<{ type: string; fullName: string }>, opts: Partial<DeployOptions> = {}) {
  const zip = new JSZip();
  zip.file('package.xml', packageXml([]));
  zip.file('destructiveChangesPost.xml', packageXml(members));
  return runDeploy(state, await zip.generateAsync({ type: 'nodebuffer' }), { ...OPTS, ...opts }, '66.0', user);
}

const only = (files: AppFile[], ...types: string[]): AppFile[] => files.filter((f) => types.includes(f.type));

describe('emulator fidelity (real-org evidence, issue 11)', () => {
  describe('generated default OAuth policy (case emulator-no-default-oauth-policy)', () => {
    it('an app deployed without an OAuth policy gets <OAuthSettingsName>_defaultPolicy with the never-edited values', async () => {
      const { state, admin } = org();
      const out = await deploy(state, admin, fieldFiles('emulator-no-default-oauth-policy'));
      expect(out.status, JSON.stringify(out.failures)).to.equal('Succeeded');
      const policies = state.components(POLICY);
      expect(policies.map((p) => p.fullName)).to.deep.equal(['No_Policy_AppSettings_defaultPolicy']);
      expect(policies[0].fields).to.include({
        externalClientApplication: 'No_Policy_App',
        permittedUsersPolicyType: 'AllSelfAuthorized',
        refreshTokenPolicyType: 'SpecificLifetime',
        refreshTokenValidityPeriod: '365',
        refreshTokenValidityUnit: 'Days',
        ipRelaxationPolicyType: 'Enforce',
        requiredSessionLevel: 'STANDARD',
        isClientCredentialsFlowEnabled: 'false',
        isTokenExchangeFlowEnabled: 'false',
      });
      expect(out.successes.map((s) => s.fullName)).not.to.include('No_Policy_AppSettings_defaultPolicy');
    });

    it('none is generated when the deploy carries a policy, when the app already has one, or on a check-only deploy', async () => {
      const { state, admin } = org();
      await deploy(state, admin, appFiles());
      expect(state.components(POLICY).map((p) => p.fullName)).to.deep.equal([`${APP}_oauthPlcy`]);
      await deploy(state, admin, only(appFiles(), 'ExternalClientApplication', 'ExtlClntAppOauthSettings'));
      expect(state.components(POLICY)).to.have.length(1);
      const fresh = org();
      await deploy(fresh.state, fresh.admin, fieldFiles('emulator-no-default-oauth-policy'), { checkOnly: true });
      expect(fresh.state.components(POLICY)).to.deep.equal([]);
    });

    it('an omitted refreshTokenPolicyType defaults to SpecificLifetime 365 Days, not Infinite', async () => {
      const { state, admin } = org();
      const files = appFiles().map((f) => (f.type === POLICY ? { ...f, xml: f.xml.replace(/\s*<refreshTokenPolicyType>Infinite<\/refreshTokenPolicyType>/, '') } : f));
      await deploy(state, admin, files);
      expect(state.component(POLICY, `${APP}_oauthPlcy`)!.fields).to.include({ refreshTokenPolicyType: 'SpecificLifetime', refreshTokenValidityPeriod: '365', refreshTokenValidityUnit: 'Days' });
    });
  });

  describe('values as real orgs write them', () => {
    it('accepts Enforce_relaxrefresh (case emulator-enum-case-relaxrefresh) and stores the org spelling for either casing', async () => {
      const { state, admin } = org();
      const out = await deploy(state, admin, fieldFiles('emulator-enum-case-relaxrefresh'));
      expect(out.status, JSON.stringify(out.failures)).to.equal('Succeeded');
      expect(state.field(POLICY, 'Relax_Case_App_oauthPlcy', 'ipRelaxationPolicyType')).to.equal('Enforce_relaxrefresh');
      const documented = appFiles().map((f) => (f.type === POLICY ? { ...f, xml: f.xml.replace('>Enforce<', '>Enforce_RelaxRefresh<') } : f));
      await deploy(state, admin, documented);
      expect(state.field(POLICY, `${APP}_oauthPlcy`, 'ipRelaxationPolicyType')).to.equal('Enforce_relaxrefresh');
      const wrong = appFiles().map((f) => (f.type === POLICY ? { ...f, xml: f.xml.replace('>Enforce<', '>Enforce_Relax<') } : f));
      expect((await deploy(state, admin, wrong)).failures[0].problem).to.contain("'Enforce_Relax' is not a valid value");
    });

    it('keeps a callbackUrl of several URLs, one per line (case multiple-callback-urls)', async () => {
      const { state, admin } = org();
      const out = await deploy(state, admin, fieldFiles('multiple-callback-urls'));
      expect(out.status, JSON.stringify(out.failures)).to.equal('Succeeded');
      const global = state.components('ExtlClntAppGlobalOauthSettings')[0];
      expect((global.fields.callbackUrl as string).split('\n').length).to.be.greaterThan(1);
    });

    it('accepts isEnforceRefreshTokenTTL and isDPopEnabled on the global settings from API 64, refuses them below', async () => {
      const newer = (files: AppFile[]): AppFile[] =>
        files.map((f) =>
          f.type === 'ExtlClntAppGlobalOauthSettings'
            ? {
                ...f,
                xml: f.xml
                  .replace(/\s*<isNamedUserJwtEnabled>false<\/isNamedUserJwtEnabled>/, '')
                  .replace('<isIntrospectAllTokens>', '<isDPopEnabled>false</isDPopEnabled>\n  <isEnforceRefreshTokenTTL>true</isEnforceRefreshTokenTTL>\n  <isIntrospectAllTokens>'),
              }
            : f
        );
      const { state, admin } = org();
      const accepted = await deploy(state, admin, newer(appFiles()), {}, '64.0');
      expect(accepted.status, JSON.stringify(accepted.failures)).to.equal('Succeeded');
      expect(state.field('ExtlClntAppGlobalOauthSettings', `${APP}_glbloauth`, 'isEnforceRefreshTokenTTL')).to.equal('true');
      const old = org();
      const refused = await deploy(old.state, old.admin, newer(appFiles()), {}, '63.0');
      expect(refused.failures.map((f) => f.problem).join('\n')).to.match(/isDPopEnabled invalid at this location/);
    });

    it('every real-world file set in the field cases deploys without a refusal', async () => {
      for (const name of fieldCases()) {
        const { state, admin } = org();
        // Ids another org generated are refused on purpose (case validate-passes-foreign-org-ids): take them out first.
        const files = fieldFiles(name).map((f) => ({ ...f, xml: f.xml.replace(/\s*<(orgScopedExternalApp|oauthLink|consumerKey)>[^<]*<\/\1>/g, '') }));
        const out = await deploy(state, admin, files);
        expect(out.failures, `${name}: ${JSON.stringify(out.failures)}`).to.deep.equal([]);
      }
    });
  });

  describe('deploy results tell the truth', () => {
    it('an update is reported changed, an identical redeploy unchanged (case emulator-update-reports-unchanged)', async () => {
      const { state, admin } = org();
      const files = fieldFiles('emulator-update-reports-unchanged');
      const first = await deploy(state, admin, files);
      expect(first.successes.filter((s) => s.fileName !== 'package.xml').every((s) => s.created && s.changed)).to.equal(true);
      const edited = files.map((f) => (f.type === 'ExternalClientApplication' ? { ...f, xml: f.xml.replace('First description', 'Second description') } : f));
      const second = await deploy(state, admin, edited);
      const byName = Object.fromEntries(second.successes.map((s) => [s.fullName, s]));
      expect(byName.Changed_Desc_App).to.include({ created: false, changed: true });
      expect(byName.Changed_Desc_App_oauthPlcy).to.include({ created: false, changed: false });
      expect(state.field('ExternalClientApplication', 'Changed_Desc_App', 'description')).to.equal('Second description');
      const third = await deploy(state, admin, edited);
      expect(third.successes.filter((s) => s.fileName !== 'package.xml').some((s) => s.changed)).to.equal(false);
    });

    it('destructiveChanges delete the component and say so (case emulator-delete-source-ignored)', async () => {
      const { state, admin } = org();
      await deploy(state, admin, fieldFiles('emulator-update-reports-unchanged'));
      const out = await destroy(state, admin, [{ type: POLICY, fullName: 'Changed_Desc_App_oauthPlcy' }]);
      expect(out.status, JSON.stringify(out.failures)).to.equal('Succeeded');
      expect(out.successes.find((s) => s.fullName === 'Changed_Desc_App_oauthPlcy')).to.include({ deleted: true, success: true });
      expect(state.component(POLICY, 'Changed_Desc_App_oauthPlcy')).to.equal(undefined);
    });

    it('deleting what is not there warns (fails without ignoreWarnings); an app with satellites left is refused', async () => {
      const { state, admin } = org();
      await deploy(state, admin, appFiles());
      const missing = await destroy(state, admin, [{ type: POLICY, fullName: 'Nope_oauthPlcy' }]);
      expect(missing.status).to.equal('Failed');
      expect(missing.failures[0]).to.include({ problemType: 'Warning', problem: `No ${POLICY} named: Nope_oauthPlcy found` });
      expect((await destroy(state, admin, [{ type: POLICY, fullName: 'Nope_oauthPlcy' }], { ignoreWarnings: true })).status).to.equal('Succeeded');
      const header = await destroy(state, admin, [{ type: 'ExternalClientApplication', fullName: APP }]);
      expect(header.status).to.equal('Failed');
      expect(header.failures[0].problem).to.contain(`Cannot delete ExternalClientApplication ${APP}`);
      expect(state.component('ExternalClientApplication', APP)).not.to.equal(undefined);
      const all = await destroy(state, admin, appFiles());
      expect(all.status, JSON.stringify(all.failures)).to.equal('Succeeded');
      expect(state.components()).to.deep.equal([]);
      expect(state.consumerForApp(APP)).to.equal(undefined);
      expect(state.grants).to.deep.equal([]);
    });
  });

  describe('permissions to deploy', () => {
    it('OAuth settings and global OAuth settings need "View External Client App Consumer Secrets in Metadata"', async () => {
      const { state, admin } = org({ permissionSets: [{ name: 'ECA_Developer', label: 'ECA Developer', permissions: ['ExternalClientAppViewer', 'ExternalClientAppAdmin', 'ExternalClientAppDeveloper'] }, { name: 'Dropzone_Connector_Access', label: 'Dropzone Connector Access', permissions: [] }, { name: 'Sales_Ops', label: 'Sales Ops', permissions: [] }] });
      const out = await deploy(state, admin, appFiles());
      expect(out.status).to.equal('Failed');
      const refused = out.failures.map((f) => f.componentType).sort();
      expect(refused).to.deep.equal(['ExtlClntAppGlobalOauthSettings', 'ExtlClntAppOauthSettings']);
      expect(out.failures[0].problem).to.contain('"View External Client App Consumer Secrets in Metadata" (ViewClientSecret)');
      expect(state.components()).to.deep.equal([]);
    });

    it('switch globalOauthNeedsSecretApiAccess: the global settings need the org setting, named in the error', async () => {
      const { state, admin } = org({ switches: { globalOauthNeedsSecretApiAccess: true } });
      const out = await deploy(state, admin, appFiles());
      expect(out.failures.map((f) => f.componentType)).to.deep.equal(['ExtlClntAppGlobalOauthSettings']);
      expect(out.failures[0].problem).to.contain('enableConsumerSecretApiAccess');
      state.settings.enableConsumerSecretApiAccess = true;
      expect((await deploy(state, admin, appFiles())).status).to.equal('Succeeded');
    });
  });

  describe('names are unique regardless of case', () => {
    const DUPLICATE = 'duplicate value found: <unknown> duplicates value on record with id: <unknown>';

    it('an app whose name differs only in case from a stored one is refused, and nothing of it is stored', async () => {
      const { state, admin } = org();
      expect((await deploy(state, admin, appFiles('Dropzone'))).status).to.equal('Succeeded');
      const second = await deploy(state, admin, appFiles('dropzone'));
      expect(second.status).to.equal('Failed');
      expect(second.failures.filter((f) => f.componentType === 'ExternalClientApplication').map((f) => [f.fullName, f.problem])).to.deep.equal([['dropzone', DUPLICATE]]);
      expect(state.components('ExternalClientApplication').map((c) => c.fullName)).to.deep.equal(['Dropzone']);
      expect(state.components().filter((c) => c.fullName.startsWith('dropzone'))).to.deep.equal([]);
      expect(state.consumers).to.have.length(1);
      // The stored app itself, under its own spelling, still deploys.
      expect((await deploy(state, admin, appFiles('Dropzone'))).status).to.equal('Succeeded');
    });

    it('two components of one type differing only in case in one deploy: the second is refused', async () => {
      const { state, admin } = org();
      const out = await deploy(state, admin, [...only(appFiles('Dropzone'), 'ExternalClientApplication'), ...only(appFiles('DROPZONE'), 'ExternalClientApplication')]);
      expect(out.status).to.equal('Failed');
      expect(out.failures.map((f) => [f.fullName, f.problem])).to.deep.equal([['DROPZONE', DUPLICATE]]);
      expect(state.components()).to.deep.equal([]);
    });
  });

  describe('switches for facts the sources disagree on', () => {
    it('satellitesWithNewParent=refused: satellites fail beside a new app, deploy once the app exists', async () => {
      const { state, admin } = org({ switches: { satellitesWithNewParent: 'refused' } });
      const together = await deploy(state, admin, appFiles());
      expect(together.status).to.equal('Failed');
      expect(together.failures.map((f) => f.componentType)).to.have.length(4);
      expect((await deploy(state, admin, only(appFiles(), 'ExternalClientApplication'))).status).to.equal('Succeeded');
      expect((await deploy(state, admin, appFiles())).status).to.equal('Succeeded');
    });

    it('policyUnderOtherName: second record (default), refused as a duplicate, or merged into the existing policy', async () => {
      const renamed = (files: AppFile[]): AppFile[] =>
        files.filter((f) => f.type === POLICY).map((f) => ({ ...f, fullName: `${APP}_other`, path: `extlClntAppOauthPolicies/${APP}_other.ecaOauthPlcy` }));
      const second = org();
      await deploy(second.state, second.admin, appFiles());
      expect((await deploy(second.state, second.admin, renamed(appFiles()))).status).to.equal('Succeeded');
      expect(second.state.satellites(POLICY, APP)).to.have.length(2);

      const refused = org({ switches: { policyUnderOtherName: 'refused-duplicate' } });
      await deploy(refused.state, refused.admin, appFiles());
      const out = await deploy(refused.state, refused.admin, renamed(appFiles()));
      expect(out.failures[0].problem).to.match(/^duplicate value found: externalClientApplication/);
      expect(refused.state.satellites(POLICY, APP)).to.have.length(1);

      const merged = org({ switches: { policyUnderOtherName: 'merged' } });
      await deploy(merged.state, merged.admin, appFiles());
      const edited = renamed(appFiles()).map((f) => ({ ...f, xml: f.xml.replace('>Infinite<', '>Zero<') }));
      expect((await deploy(merged.state, merged.admin, edited)).status).to.equal('Succeeded');
      const policies = merged.state.satellites(POLICY, APP);
      expect(policies.map((p) => [p.fullName, p.fields.refreshTokenPolicyType])).to.deep.equal([[`${APP}_oauthPlcy`, 'Zero']]);
    });

    it('regrantProfileFails: a policy naming a granted profile is refused and rolled back; naming only new ones adds them', async () => {
      const withProfiles = (value: string | undefined): AppFile[] =>
        only(appFiles(), POLICY).map((f) => ({
          ...f,
          xml: f.xml.replace(/ {2}<commaSeparatedProfile>.*<\/commaSeparatedProfile>\n/, value === undefined ? '' : `  <commaSeparatedProfile>${value}</commaSeparatedProfile>\n`),
        }));
      const profileGrants = (state: OrgState): string[] =>
        state.grants.map((g) => state.data.profiles.find((p) => p.permissionSetId === g.parentId)?.name).filter((n): n is string => n !== undefined).sort();

      const replaced = org();
      await deploy(replaced.state, replaced.admin, appFiles());
      expect((await deploy(replaced.state, replaced.admin, withProfiles('Standard User'))).status).to.equal('Succeeded');
      expect(profileGrants(replaced.state)).to.deep.equal(['Standard User']);

      const adds = org({ switches: { regrantProfileFails: true } });
      await deploy(adds.state, adds.admin, appFiles());
      const again = await deploy(adds.state, adds.admin, withProfiles('System Administrator, Standard User'));
      expect(again.status).to.equal('Failed');
      expect(again.failures.map((f) => f.problem)).to.deep.equal(['In field: commaSeparatedProfile - profile names are already taken: System Administrator']);
      expect(profileGrants(adds.state)).to.deep.equal(['System Administrator']);
      expect((await deploy(adds.state, adds.admin, withProfiles('Standard User'))).status).to.equal('Succeeded');
      expect(profileGrants(adds.state)).to.deep.equal(['Standard User', 'System Administrator']);
      expect(adds.state.satellites(POLICY, APP)[0].fields.commaSeparatedProfile).to.equal('System Administrator, Standard User');
      expect((await deploy(adds.state, adds.admin, withProfiles(undefined))).status).to.equal('Succeeded');
      expect(profileGrants(adds.state)).to.deep.equal(['Standard User', 'System Administrator']);
    });

    it('permissionSetReference=id: commaSeparatedPermissionSet takes ids, a name is refused', async () => {
      const withSet = (value: string): AppFile[] =>
        appFiles().map((f) => (f.type === POLICY ? { ...f, xml: f.xml.replace('<externalClientApplication>', `<commaSeparatedPermissionSet>${value}</commaSeparatedPermissionSet>\n  <externalClientApplication>`) } : f));
      const { state, admin } = org({ switches: { permissionSetReference: 'id' } });
      const byName = await deploy(state, admin, withSet('Sales_Ops'));
      expect(byName.failures[0].problem).to.equal('In field: commaSeparatedPermissionSet - no PermissionSet with id Sales_Ops found');
      const id = state.data.permissionSets.find((p) => p.name === 'Sales_Ops')!.id;
      expect((await deploy(state, admin, withSet(id))).status).to.equal('Succeeded');
      expect(state.grants.map((g) => g.parentId)).to.include(id);
    });
  });

  describe('revocation', () => {
    it('revoking a refresh token revokes the access tokens issued with it; revoking again answers 400 invalid_token', async () => {
      const emulator = await startEmulator({ deployProcessingMs: 5 });
      try {
        const revoke = async (token: string): Promise<{ status: number; body: string }> => {
          const res = await fetch(`${emulator.instanceUrl}/services/oauth2/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString() });
          return { status: res.status, body: await res.text() };
        };
        const refreshed = await fetch(`${emulator.instanceUrl}/services/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'refresh_token', client_id: emulator.cliClientId, refresh_token: emulator.refreshToken }).toString(),
        });
        const access = ((await refreshed.json()) as { access_token: string }).access_token;
        expect((await revoke(emulator.refreshToken)).status).to.equal(200);
        expect(emulator.org.accessToken(access)!.valid).to.equal(false);
        const again = await revoke(access);
        expect(again.status).to.equal(400);
        expect(JSON.parse(again.body)).to.include({ error: 'invalid_token' });
        expect((await revoke('nonsense')).status).to.equal(400);
      } finally {
        await emulator.stop();
      }
    });
  });
});
