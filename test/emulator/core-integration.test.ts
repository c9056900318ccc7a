import { expect } from 'chai';
import { Connection, Org } from '@salesforce/core';
import JSZip from 'jszip';
import { APP, appFiles } from './app-files.js';
import { deployZip } from './deploy-helpers.js';
import { EmulatorOrg, useEmulatorOrg } from '../helpers/emulator-org.js';

type ReadType = Parameters<Connection['metadata']['read']>[0];

describe('emulator through unmodified @salesforce/core', () => {
  let env: EmulatorOrg;
  let conn: Connection;

  before(async () => {
    env = await useEmulatorOrg({ deployProcessingMs: 30 });
    const org = await Org.create({ aliasOrUsername: env.alias });
    conn = org.getConnection();
    conn.metadata.pollInterval = 20;
  });
  after(async () => env.restore());

  it('logs in at the max API version and queries the org', async () => {
    expect(conn.getApiVersion()).to.equal('66.0');
    const res = await conn.query<{ IsSandbox: boolean; Name: string }>('SELECT Name, IsSandbox FROM Organization');
    expect(res.totalSize).to.equal(1);
    expect(res.records[0].IsSandbox).to.equal(false);
    const tooling = await conn.tooling.query('SELECT Id FROM SandboxProcess');
    expect(tooling.totalSize).to.equal(0);
  });

  it('deploys the five components with metadata.deploy + checkDeployStatus', async () => {
    const zip = await deployZip(appFiles());
    const async = await conn.metadata.deploy(zip, { rollbackOnError: true, singlePackage: true });
    const result = await conn.metadata.checkDeployStatus(async.id, true);
    expect(['Pending', 'InProgress', 'Succeeded']).to.include(result.status);
    let final = result;
    for (let i = 0; i < 50 && !final.done; i++) {
      await new Promise((r) => setTimeout(r, 20));
      final = await conn.metadata.checkDeployStatus(async.id, true);
    }
    expect(final.status).to.equal('Succeeded');
    expect(final.success).to.equal(true);
    const successes = [final.details?.componentSuccesses ?? []].flat();
    expect(successes.map((s) => s.fileName)).to.include(`externalClientApps/${APP}.eca`);
    expect(env.emulator.org.component('ExternalClientApplication', APP)).to.not.equal(undefined);
  });

  it('reads, lists and retrieves what was deployed', async () => {
    const [global, missing] = (await conn.metadata.read('ExtlClntAppGlobalOauthSettings' as ReadType, [`${APP}_glbloauth`, 'Nope'])) as unknown as Array<Record<string, string>>;
    expect(global.fullName).to.equal(`${APP}_glbloauth`);
    expect(global.consumerKey).to.match(/^3MVG9/);
    expect(global.isPkceRequired).to.equal('false');
    expect(missing.fullName).to.equal(undefined);
    const list = await conn.metadata.list([{ type: 'ExternalClientApplication' }]);
    expect([list].flat().map((l) => l.fullName)).to.deep.equal([APP]);
    const request = {
      apiVersion: '66.0',
      singlePackage: true,
      unpackaged: { types: [{ name: 'ExtlClntAppGlobalOauthSettings', members: ['*'] }], version: '66.0' },
    } as unknown as Parameters<Connection['metadata']['retrieve']>[0];
    const r = await conn.metadata.retrieve(request);
    const status = await conn.metadata.checkRetrieveStatus(r.id);
    expect(status.status).to.equal('Succeeded');
    const zip = await JSZip.loadAsync(Buffer.from(status.zipFile, 'base64'));
    const text = await zip.file(`extlClntAppGlobalOauthSets/${APP}_glbloauth.ecaGlblOauth`)!.async('string');
    expect(text).to.contain('<consumerKey>3MVG9');
    expect(text).to.not.contain('consumerSecret');
  });

  it('answers conn.request and composite', async () => {
    const res = await conn.request<{ compositeResponse: Array<{ httpStatusCode: number; body: { totalSize: number } }> }>({
      method: 'POST',
      url: '/services/data/v66.0/composite',
      body: JSON.stringify({
        allOrNone: false,
        compositeRequest: [
          { method: 'GET', url: "/services/data/v66.0/query?q=SELECT+Id+FROM+ExternalClientApplication", referenceId: 'eca' },
          { method: 'GET', url: '/services/data/v66.0/query?q=SELECT+Id+FROM+Nope', referenceId: 'bad' },
        ],
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.compositeResponse[0].httpStatusCode).to.equal(200);
    expect(res.compositeResponse[0].body.totalSize).to.equal(1);
    expect(res.compositeResponse[1].httpStatusCode).to.equal(400);
  });

  it('recovers from an expired session by itself on REST and SOAP', async () => {
    const fresh = (await Org.create({ aliasOrUsername: env.alias })).getConnection();
    env.emulator.faults.expireSession();
    const q = await fresh.query('SELECT Id FROM User');
    expect(q.totalSize).to.be.greaterThan(0);
    env.emulator.faults.expireSession();
    const list = await fresh.metadata.list([{ type: 'ExternalClientApplication' }]);
    expect([list].flat()).to.have.length(1);
    expect(env.emulator.requests.some((r) => r.path === '/services/oauth2/token' && r.status === 200)).to.equal(true);
  });

  it('refuses SOAP with a JWT session (REST still works) and can keep a deploy InProgress forever', async () => {
    env.emulator.faults.jwtSession(true);
    try {
      await conn.metadata.list([{ type: 'ExternalClientApplication' }]);
      expect.fail('SOAP should refuse a JWT session');
    } catch (err) {
      expect((err as Error).message).to.contain('SOAP API does not support JWT-based access tokens');
    }
    expect((await conn.query('SELECT Id FROM Organization')).totalSize).to.equal(1);
    // The session refreshed while JWT was on is itself a JWT; get an opaque one back through a REST refresh.
    env.emulator.faults.jwtSession(false);
    env.emulator.faults.expireSession();
    await conn.query('SELECT Id FROM Organization');
    env.emulator.faults.deployNeverFinishes(true);
    const job = await conn.metadata.deploy(await deployZip(appFiles()), { singlePackage: true });
    await new Promise((r) => setTimeout(r, 100));
    const status = await conn.metadata.checkDeployStatus(job.id, false);
    expect(status.done).to.equal(false);
    expect(status.status).to.equal('InProgress');
    env.emulator.faults.deployNeverFinishes(false);
    expect(env.emulator.requests.some((r) => r.soapOperation === 'checkDeployStatus')).to.equal(true);
  });
});
