import { expect } from 'chai';
import { classifyRefusal, refusalError } from '../../../src/org/credentials.js';

const allHeld = { ExternalClientAppDeveloper: true, ViewClientSecret: true };
const generic = { errorCode: 'INSUFFICIENT_ACCESS', message: 'Insufficient access' };

describe('org/credentials: naming the cause of a refusal', () => {
  it('the org message naming the REST setting decides', () => {
    const refusal = { errorCode: 'INSUFFICIENT_ACCESS', message: 'Access to consumer secrets via the REST API is disabled' };
    expect(classifyRefusal(refusal, { distributionState: 'Local', userPermissions: allHeld })).to.deep.equal({ reason: 'rest-secret-access-off' });
  });

  it('a message naming a permission lists the permissions the facts show missing', () => {
    const refusal = { errorCode: 'INSUFFICIENT_ACCESS', message: 'Insufficient privileges: requires the "View Client Secret" (ViewClientSecret) user permission' };
    expect(classifyRefusal(refusal, { userPermissions: { ExternalClientAppDeveloper: true, ViewClientSecret: false } })).to.deep.equal({
      reason: 'missing-permissions',
      missingPermissions: ['ViewClientSecret'],
    });
    expect(classifyRefusal(refusal, {})).to.deep.equal({ reason: 'missing-permissions', missingPermissions: ['ExternalClientAppDeveloper', 'ViewClientSecret'] });
  });

  it('a message naming the distribution state → packaged-app', () => {
    const refusal = { errorCode: 'INSUFFICIENT_ACCESS', message: 'Consumer secrets are available only for local External Client Apps; X has distributionState Packaged' };
    expect(classifyRefusal(refusal, {}).reason).to.equal('packaged-app');
  });

  it('an ambiguous message: the facts decide, packaged first, then permissions, then the setting', () => {
    expect(classifyRefusal(generic, { distributionState: 'Packaged', userPermissions: { ViewClientSecret: false }, restSecretAccess: false }).reason).to.equal('packaged-app');
    expect(classifyRefusal(generic, { distributionState: 'Local', userPermissions: { ExternalClientAppDeveloper: false, ViewClientSecret: true }, restSecretAccess: false })).to.deep.equal({
      reason: 'missing-permissions',
      missingPermissions: ['ExternalClientAppDeveloper'],
    });
    expect(classifyRefusal(generic, { distributionState: 'Local', userPermissions: allHeld, restSecretAccess: false }).reason).to.equal('rest-secret-access-off');
    expect(classifyRefusal(generic, { distributionState: 'Local', userPermissions: allHeld, restSecretAccess: true }).reason).to.equal('refused');
  });

  it('a message matching two causes counts as ambiguous', () => {
    const refusal = { errorCode: 'INSUFFICIENT_ACCESS', message: 'You need permission for access to consumer secrets' };
    expect(classifyRefusal(refusal, { distributionState: 'Local', userPermissions: allHeld, restSecretAccess: false }).reason).to.equal('rest-secret-access-off');
  });

  it('errors say exactly what to turn on, and carry a typed reason', () => {
    const rest = refusalError({ reason: 'rest-secret-access-off' }, { appName: 'App', orgLabel: 'me@org', refusal: generic });
    expect(rest.name).to.equal('RestSecretAccessOffError');
    expect(rest.data).to.deep.equal({ reason: 'rest-secret-access-off', orgErrorCode: 'INSUFFICIENT_ACCESS' });
    expect(rest.actions!.join('\n')).to.contain('Allow access to External Client App consumer secrets via REST API').and.contain('enableClientSecretInRestApiAccess');
    const perms = refusalError({ reason: 'missing-permissions', missingPermissions: ['ViewClientSecret'] }, { appName: 'App', orgLabel: 'me@org' });
    expect(perms.message).to.contain('ViewClientSecret');
    expect(perms.actions!.join('\n')).to.contain('View External Client App Consumer Secrets (ViewClientSecret)').and.not.contain('ExternalClientAppDeveloper)');
    const createCommand = 'sf dropzone app create --name App --target-org me@org --contact-email me@example.com';
    const missing = refusalError({ reason: 'app-not-found' }, { appName: 'App', orgLabel: 'me@org', createCommand });
    expect(missing.actions!.join('\n')).to.contain(createCommand);
    expect(refusalError({ reason: 'packaged-app' }, { appName: 'App', orgLabel: 'me@org' }).name).to.equal('PackagedAppError');
  });
});
