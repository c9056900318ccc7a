import { expect } from 'chai';
import { DeployOptions, runDeploy } from '../../emulator/deploy.js';
import { FixtureOverrides, resolveFixture } from '../../emulator/fixture.js';
import { OrgState } from '../../emulator/state.js';
import { APP, AppFile, appFiles } from './app-files.js';
import { deployZip } from './deploy-helpers.js';

const OPTS: DeployOptions = { checkOnly: false, rollbackOnError: true, singlePackage: true, ignoreWarnings: false, purgeOnDelete: false };

function org(over?: FixtureOverrides): { state: OrgState; admin: string } {
  const state = new OrgState(resolveFixture(over, undefined));
  return { state, admin: state.userByUsername('admin@dropzone.emulator')!.id };
}

function patch(files: AppFile[], type: string, from: string | RegExp, to: string): AppFile[] {
  return files.map((f) => (f.type === type ? { ...f, xml: f.xml.replace(from, to) } : f));
}

async function deploy(state: OrgState, user: string, files: AppFile[], opts: Partial<DeployOptions> = {}, version?: string) {
  return runDeploy(state, await deployZip(files, { version }), { ...OPTS, ...opts }, '66.0', user);
}

describe('emulator deploy rules', () => {
  it('deploys the five components, generating ids, key, orgScopedExternalApp and oauthLink', async () => {
    const { state, admin } = org();
    const out = await deploy(state, admin, appFiles());
    expect(out.status).to.equal('Succeeded');
    expect(out.numberComponentsDeployed).to.equal(5);
    const eca = state.component('ExternalClientApplication', APP)!;
    expect(eca.id).to.match(/^0xI[A-Za-z0-9]{15}$/);
    expect(eca.fields.orgScopedExternalApp).to.equal(`${state.orgId}:${APP}`);
    const consumer = state.consumerForApp(APP)!;
    expect(state.field('ExtlClntAppOauthSettings', `${APP}_oauth`, 'oauthLink')).to.equal(`${state.orgId}:${consumer.id}`);
    expect(state.field('ExtlClntAppGlobalOauthSettings', `${APP}_glbloauth`, 'consumerKey')).to.equal(consumer.key);
    expect(state.grants).to.have.length(1);
  });

  it('also accepts the files under one top folder', async () => {
    const { state, admin } = org();
    const zip = await deployZip(appFiles(), { topFolder: 'unpackaged' });
    const out = await runDeploy(state, zip, OPTS, '66.0', admin);
    expect(out.status).to.equal('Succeeded');
  });

  it('keeps the consumer key across redeploys and rotates it only with shouldRotateConsumerKey + ignoreWarnings', async () => {
    const { state, admin } = org();
    await deploy(state, admin, appFiles());
    const key = state.consumerForApp(APP)!.key;
    await deploy(state, admin, appFiles());
    expect(state.consumerForApp(APP)!.key).to.equal(key);
    const rotate = patch(appFiles(), 'ExtlClntAppGlobalOauthSettings', '<shouldRotateConsumerKey>false', '<shouldRotateConsumerKey>true');
    const refused = await deploy(state, admin, rotate);
    expect(refused.status).to.equal('Failed');
    expect(refused.failures[0].problem).to.contain('ignoreWarnings');
    expect(state.consumerForApp(APP)!.key).to.equal(key);
    await deploy(state, admin, rotate, { ignoreWarnings: true });
    expect(state.consumerForApp(APP)!.key).to.not.equal(key);
  });

  it('ignores a supplied consumerSecret', async () => {
    const { state, admin } = org();
    const files = patch(appFiles(), 'ExtlClntAppGlobalOauthSettings', '<label>', '<consumerSecret>MYSECRET</consumerSecret>\n  <label>');
    await deploy(state, admin, files);
    expect(state.consumerForApp(APP)!.secret).to.not.equal('MYSECRET');
  });

  it('rejects an unknown element with the Salesforce message and persists nothing (all-or-nothing)', async () => {
    const { state, admin } = org();
    const files = patch(appFiles(), 'ExtlClntAppOauthSettings', '<label>', '<bogusField>x</bogusField>\n  <label>');
    const out = await deploy(state, admin, files);
    expect(out.status).to.equal('Failed');
    expect(out.failures[0]).to.include({
      componentType: 'ExtlClntAppOauthSettings',
      fileName: `extlClntAppOauthSettings/${APP}_oauth.ecaOauth`,
      problem: 'Element {http://soap.sforce.com/2006/04/metadata}bogusField invalid at this location in type ExtlClntAppOauthSettings',
      problemType: 'Error',
    });
    expect(out.failures[0].lineNumber).to.be.a('number');
    expect(state.components()).to.have.length(0);
  });

  it('rollbackOnError=false persists the successes', async () => {
    const { state, admin } = org();
    const files = patch(appFiles(), 'ExtlClntAppConfigurablePolicies', '<isEnabled>true', '<isEnabled>yes');
    const out = await deploy(state, admin, files, { rollbackOnError: false });
    expect(out.status).to.equal('SucceededPartial');
    expect(out.failures[0].problem).to.equal("'yes' is not a valid value for the type xsd:boolean");
    expect(state.components()).to.have.length(4);
  });

  it('checkOnly persists nothing', async () => {
    const { state, admin } = org();
    const out = await deploy(state, admin, appFiles(), { checkOnly: true });
    expect(out.status).to.equal('Succeeded');
    expect(state.components()).to.have.length(0);
    expect(state.consumers).to.have.length(0);
  });

  it('gates fields by the package version (commaSeparatedProfile since 63, isNamedUserJwtEnabled since 65)', async () => {
    const { state, admin } = org();
    const out = await deploy(state, admin, appFiles(), {}, '62.0');
    const problems = out.failures.map((f) => f.problem);
    expect(problems).to.include('Element {http://soap.sforce.com/2006/04/metadata}commaSeparatedProfile invalid at this location in type ExtlClntAppOauthConfigurablePolicies');
    expect(problems).to.include('Element {http://soap.sforce.com/2006/04/metadata}isNamedUserJwtEnabled invalid at this location in type ExtlClntAppGlobalOauthSettings');
  });

  it('rejects a type below its Since version', async () => {
    const { state, admin } = org();
    const files = appFiles().filter((f) => ['ExternalClientApplication', 'ExtlClntAppConfigurablePolicies'].includes(f.type));
    const out = await deploy(state, admin, files, {}, '59.0');
    expect(out.failures.map((f) => f.componentType)).to.deep.equal(['ExtlClntAppConfigurablePolicies']);
  });

  it('reports bad enums, missing required fields, unknown scopes, profiles and permission sets', async () => {
    const { state, admin } = org();
    const enumProblems = (await deploy(state, admin, patch(appFiles(), 'ExtlClntAppOauthConfigurablePolicies', 'Infinite', 'Forever'))).failures;
    expect(enumProblems.map((f) => f.problem)).to.deep.equal(["'Forever' is not a valid value for the enum 'RefreshTokenPolicyType'"]);
    let files = patch(appFiles(), 'ExtlClntAppOauthConfigurablePolicies', 'System Administrator', 'System Administrator, Wizards');
    files = patch(files, 'ExtlClntAppOauthConfigurablePolicies', '<label>', '<commaSeparatedPermissionSet>Nope_PS</commaSeparatedPermissionSet>\n  <label>');
    files = patch(files, 'ExternalClientApplication', /<contactEmail>.*<\/contactEmail>/, '');
    files = patch(files, 'ExtlClntAppOauthSettings', 'Full, Api, RefreshToken', 'Api,RefreshToken,Teleport');
    const problems = (await deploy(state, admin, files)).failures.map((f) => f.problem);
    expect(problems).to.include('Required field is missing: contactEmail');
    expect(problems).to.include('In field: commaSeparatedOauthScopes - invalid OAuth scope: Teleport');
    expect(problems).to.include('In field: commaSeparatedProfile - no Profile named Wizards found');
    expect(problems).to.include('In field: commaSeparatedPermissionSet - no PermissionSet named Nope_PS found');
  });

  it('fails satellites whose app is neither in the org nor in the deploy', async () => {
    const { state, admin } = org();
    const out = await deploy(state, admin, appFiles().filter((f) => f.type !== 'ExternalClientApplication'));
    expect(out.failures).to.have.length(4);
    expect(out.failures[0].problem).to.equal(`In field: externalClientApplication - no ExternalClientApplication named ${APP} found`);
  });

  it('accepts header first, satellites later', async () => {
    const { state, admin } = org();
    expect((await deploy(state, admin, appFiles().slice(0, 1))).status).to.equal('Succeeded');
    expect((await deploy(state, admin, appFiles().slice(1))).status).to.equal('Succeeded');
  });

  it('resets omitted booleans to their documented defaults on redeploy', async () => {
    const { state, admin } = org();
    await deploy(state, admin, appFiles());
    const files = patch(appFiles(), 'ExtlClntAppGlobalOauthSettings', /\s*<isPkceRequired>false<\/isPkceRequired>/, '');
    await deploy(state, admin, patch(files, 'ExtlClntAppGlobalOauthSettings', /\s*<isDeviceFlowEnabled>true<\/isDeviceFlowEnabled>/, ''));
    expect(state.field('ExtlClntAppGlobalOauthSettings', `${APP}_glbloauth`, 'isPkceRequired')).to.equal('true');
    expect(state.field('ExtlClntAppGlobalOauthSettings', `${APP}_glbloauth`, 'isDeviceFlowEnabled')).to.equal('false');
  });

  it('rejects orgScopedExternalApp / oauthLink from another org', async () => {
    const { state, admin } = org();
    let files = patch(appFiles(), 'ExternalClientApplication', '<label>', `<orgScopedExternalApp>00D000000000001AAA:${APP}</orgScopedExternalApp>\n  <label>`);
    files = patch(files, 'ExtlClntAppOauthSettings', '<label>', '<oauthLink>00D000000000001AAA:0Cs000000000001</oauthLink>\n  <label>');
    const out = await deploy(state, admin, files);
    expect(out.failures.map((f) => f.componentType)).to.include.members(['ExternalClientApplication', 'ExtlClntAppOauthSettings']);
  });

  it('collides with an existing Connected App of the same name', async () => {
    const { state, admin } = org();
    const out = await deploy(state, admin, appFiles('Legacy_Connected_App'));
    expect(out.failures[0].problem).to.match(/^duplicate value found: DeveloperName duplicates value on record with id: 0H4/);
  });

  it('gates on the org setting and on the user permissions', async () => {
    const off = org({ settings: { enableExternalClientApps: false } });
    const out = await deploy(off.state, off.admin, appFiles());
    expect(out.failures).to.have.length(5);
    expect(out.failures[0].problem).to.contain('Not available for deploy for this organization');
    const { state } = org();
    const std = state.userByUsername('user@dropzone.emulator')!.id;
    const denied = await deploy(state, std, appFiles());
    expect(denied.failures.find((f) => f.componentType === 'ExternalClientApplication')!.problem).to.contain('ExternalClientAppDeveloper');
  });

  it('stores, merges and rejects Settings', async () => {
    const { state, admin } = org();
    const settings: AppFile = {
      type: 'Settings',
      fullName: 'ExternalClientApp',
      path: 'settings/ExternalClientApp.settings',
      xml: '<ExternalClientAppSettings xmlns="http://soap.sforce.com/2006/04/metadata"><enableClientSecretInRestApiAccess>false</enableClientSecretInRestApiAccess></ExternalClientAppSettings>',
    };
    expect((await deploy(state, admin, [settings])).status).to.equal('Succeeded');
    expect(state.settings.enableClientSecretInRestApiAccess).to.equal(false);
    expect(state.settings.enableExternalClientApps).to.equal(true);
  });

  it('rejects a package.xml naming a missing member or an unknown type', async () => {
    const { state, admin } = org();
    const zip = await deployZip([{ type: 'ExtlClntAppPolicies', fullName: 'X', path: 'extlClntAppPolicies/X.ecaPlcy', xml: '<x/>' }]);
    const out = await runDeploy(state, zip, OPTS, '66.0', admin);
    expect(out.failures[0].problem).to.equal("Unknown type name 'ExtlClntAppPolicies' specified in package.xml");
  });
});
