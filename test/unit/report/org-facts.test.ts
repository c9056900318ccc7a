import { expect } from 'chai';
import { SfError } from '@salesforce/core/sfError';
import { DeployedApp } from '../../../src/org/types.js';
import { OrgSnapshot, assertAccessNamesExist, assertAuthorizingUserFound, engineFacts, orgTypeOf } from '../../../src/validate/org-facts.js';

const admin = { id: '005000000000001AAA', username: 'admin@example.com', profileName: 'System Administrator', permissionSets: ['Dropzone_User'] };
const snapshot: OrgSnapshot = {
  orgId: '00D000000000001EAA',
  orgName: 'Acme',
  isSandbox: true,
  runningUser: admin,
  authorizingUser: admin,
  profileNames: ['Standard User', 'Support Agent', 'System Administrator'],
  permissionSetNames: ['Dropzone_User', 'Sales_Ops'],
  userPermissions: { ExternalClientAppDeveloper: true },
  appLookup: 'found',
};
const deployed: DeployedApp = { components: {}, settings: { enableClientSecretInRestApiAccess: false } };

function thrown(action: () => void): SfError {
  try {
    action();
  } catch (error) {
    return error as SfError;
  }
  throw new Error('expected an error');
}

describe('org facts for validate', () => {
  it('reads the org type from IsSandbox', () => {
    expect(orgTypeOf(snapshot)).to.equal('sandbox');
    expect(orgTypeOf({ isSandbox: false })).to.equal('production');
  });

  it('maps the snapshot and the app settings to the engine facts', () => {
    expect(engineFacts(snapshot, deployed)).to.deep.equal({
      authorizingUser: { username: 'admin@example.com', profileName: 'System Administrator', permissionSets: ['Dropzone_User'] },
      settings: { enableClientSecretInRestApiAccess: false },
      userPermissions: { ExternalClientAppDeveloper: true },
    });
  });

  it('falls back to the running user only when no authorizing user was named', () => {
    const withoutUser = { ...snapshot, authorizingUser: undefined };
    expect(engineFacts(withoutUser, deployed).authorizingUser?.username).to.equal('admin@example.com');
    expect(engineFacts(withoutUser, deployed, 'someone@example.com').authorizingUser).to.equal(undefined);
  });

  it('refuses a profile the org lacks as bad input, suggesting the closest', () => {
    const error = thrown(() => assertAccessNamesExist(snapshot, ['System Adminstrator'], [], 'admin@example.com'));
    expect(error.name).to.equal('AccessNameNotFoundError');
    expect(error.exitCode).to.equal(2);
    expect(error.message).to.equal('The org admin@example.com has no profile named "System Adminstrator". Did you mean "System Administrator"?');
  });

  it('refuses a permission set the org lacks, without a suggestion when nothing is close', () => {
    const error = thrown(() => assertAccessNamesExist(snapshot, ['support agent'], ['Marketing_Cloud_Admin'], 'o'));
    expect(error.message).to.equal('The org o has no permission set named "Marketing_Cloud_Admin".');
  });

  it('refuses an authorizing user the org does not return', () => {
    expect(() => assertAuthorizingUserFound(snapshot, 'admin@example.com', 'o')).to.not.throw();
    const error = thrown(() => assertAuthorizingUserFound({ ...snapshot, authorizingUser: undefined }, 'typo@example.com', 'o'));
    expect(error.name).to.equal('AuthorizingUserNotFoundError');
    expect(error.exitCode).to.equal(2);
  });
});
