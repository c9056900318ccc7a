import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Connection, Org } from '@salesforce/core';
import { startEmulator } from '../../emulator/index.js';
import { saveEmulatorAuth } from '../../emulator/login.js';
import { APP, appFiles } from './app-files.js';
import { deployZip } from './deploy-helpers.js';
import { EmulatorOrg, useEmulatorOrg } from '../helpers/emulator-org.js';

type MetadataObject = { xmlName: string; directoryName: string; suffix?: string; inFolder: boolean | string };

async function waitForDeploy(conn: Connection, id: string): Promise<Awaited<ReturnType<Connection['metadata']['checkDeployStatus']>>> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const status = await conn.metadata.checkDeployStatus(id, true);
    if (status.done) return status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`deploy ${id} did not finish`);
}

describe('emulator lifecycle: describeMetadata, cancelDeploy, state file', () => {
  let env: EmulatorOrg;
  let conn: Connection;

  beforeEach(async () => {
    env = await useEmulatorOrg({ deployProcessingMs: 400 });
    conn = (await Org.create({ aliasOrUsername: env.alias })).getConnection();
  });
  afterEach(async () => env.restore());

  it('describes the five ECA types with the folders and suffixes source-deploy-retrieve uses', async () => {
    const described = (await conn.metadata.describe('66.0')) as unknown as { metadataObjects: MetadataObject[] };
    const byName = new Map(described.metadataObjects.map((object) => [object.xmlName, object]));
    expect(byName.get('ExternalClientApplication')).to.include({ directoryName: 'externalClientApps', suffix: 'eca' });
    expect(byName.get('ExtlClntAppGlobalOauthSettings')).to.include({ directoryName: 'extlClntAppGlobalOauthSets', suffix: 'ecaGlblOauth' });
    expect(byName.get('ExtlClntAppOauthConfigurablePolicies')).to.include({ directoryName: 'extlClntAppOauthPolicies', suffix: 'ecaOauthPlcy' });
    expect(byName.get('ExtlClntAppConfigurablePolicies')).to.include({ directoryName: 'extlClntAppPolicies', suffix: 'ecaPlcy' });
    expect(byName.has('ExtlClntAppPolicies')).to.equal(false);
  });

  it('cancels a deploy still in progress: Canceled, nothing persisted', async () => {
    const started = await conn.metadata.deploy(await deployZip(appFiles()), { rollbackOnError: true, singlePackage: true });
    await conn.metadata.cancelDeploy(started.id);
    const final = await waitForDeploy(conn, started.id);
    expect(final.status).to.be.oneOf(['Canceled', 'Canceling']);
    expect(final.success).to.equal(false);
    expect(env.emulator.org.components()).to.deep.equal([]);
  });
});

describe('emulator state file', () => {
  it('keeps the deployed app and the consumer key across a restart', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'emu-state-'));
    const stateFile = path.join(dir, 'org.json');
    const first = await startEmulator({ stateFile, deployProcessingMs: 10 });
    let key: string | undefined;
    try {
      const home = path.join(dir, 'home');
      const auth = await saveEmulatorAuth({ emulator: first, alias: 'persisted', homeDir: home });
      const conn = await Connection.create({ authInfo: auth });
      const started = await conn.metadata.deploy(await deployZip(appFiles()), { rollbackOnError: true, singlePackage: true });
      expect((await waitForDeploy(conn, started.id)).success).to.equal(true);
      key = first.org.consumerForApp(APP)?.key;
      expect(key).to.match(/^3MVG9/);
    } finally {
      await first.stop();
    }
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as { components: Array<{ fullName: string }> };
    expect(saved.components.map((component) => component.fullName)).to.include(APP);
    const second = await startEmulator({ stateFile });
    try {
      expect(second.org.component('ExternalClientApplication', APP)).not.to.equal(undefined);
      expect(second.org.consumerForApp(APP)?.key).to.equal(key);
    } finally {
      await second.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('emulator API versions', () => {
  let env: EmulatorOrg;
  beforeEach(async () => {
    env = await useEmulatorOrg();
  });
  afterEach(async () => env.restore());

  it('answers 404 NOT_FOUND on REST and UNSUPPORTED_API_VERSION on SOAP for a version it does not serve', async () => {
    const rest = await fetch(`${env.emulator.instanceUrl}/services/data/v67.0/query?q=SELECT+Id+FROM+Organization`, {
      headers: { authorization: `Bearer ${env.emulator.accessToken}` },
    });
    expect(rest.status).to.equal(404);
    expect(await rest.json()).to.deep.equal([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    const soap = await fetch(`${env.emulator.instanceUrl}/services/Soap/m/67.0`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', soapaction: '""' },
      body: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body/></soapenv:Envelope>',
    });
    expect(soap.status).to.equal(500);
    expect(await soap.text()).to.contain('UNSUPPORTED_API_VERSION');
    const served = await fetch(`${env.emulator.instanceUrl}/services/data/v66.0`, { headers: { authorization: `Bearer ${env.emulator.accessToken}` } });
    expect(served.status).to.equal(200);
  });
});
