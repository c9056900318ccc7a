import { expect } from 'chai';
import { AppComponents } from '../../../src/metadata/components.js';
import { planApp } from '../../../src/create/plan.js';
import { accessToRemove, alreadyGranted, regrantedFields, withoutGrantedAccess } from '../../../src/create/regrant.js';
import { testSpec as spec } from '../../helpers/spec.js';

const options = { replaceAccess: false, force: false, explicitHeaderFields: new Set<'label' | 'description'>() };
const POLICY = 'ExtlClntAppOauthConfigurablePolicies';

function orgGranting(profiles: string | undefined, permissionSets?: string): AppComponents {
  const app = planApp(spec(), undefined, options).desired;
  const fields = { ...app.oauthPolicy!.fields, commaSeparatedProfile: profiles, commaSeparatedPermissionSet: permissionSets };
  return { ...app, oauthPolicy: { ...app.oauthPolicy!, fields } };
}

describe('regrant (an org whose access lists add)', () => {
  it('recognizes a deploy refused only for re-granted access, and nothing else', () => {
    const failed = (...failures: Array<{ type: string; problem: string }>) => ({ data: { componentFailures: failures } });
    expect(regrantedFields(failed({ type: POLICY, problem: 'In field: commaSeparatedProfile - profile names are already taken: System Administrator' }))).to.deep.equal([
      'commaSeparatedProfile',
    ]);
    expect(regrantedFields(failed({ type: POLICY, problem: 'In field: commaSeparatedProfile - no Profile named X found' }))).to.deep.equal([]);
    expect(
      regrantedFields(
        failed(
          { type: POLICY, problem: 'In field: commaSeparatedProfile - profile names are already taken: System Administrator' },
          { type: 'ExtlClntAppGlobalOauthSettings', problem: 'Required field is missing: callbackUrl' }
        )
      )
    ).to.deep.equal([]);
    expect(regrantedFields(failed())).to.deep.equal([]);
    expect(regrantedFields(new Error('boom'))).to.deep.equal([]);
  });

  it('keeps in the policy only the access the org lacks, matched case-insensitively; an emptied list is left out', () => {
    const org = orgGranting('system administrator', 'Sales_Ops');
    const plan = planApp(spec({ profiles: ['System Administrator', 'Standard User'], permissionSets: ['Sales_Ops'] }), org, options);
    expect(plan.desired.oauthPolicy!.fields.commaSeparatedProfile).to.equal('system administrator, Standard User');
    const trimmed = withoutGrantedAccess(plan, org);
    expect(trimmed.desired.oauthPolicy!.fields.commaSeparatedProfile).to.equal('Standard User');
    expect(trimmed.desired.oauthPolicy!.fields).not.to.have.property('commaSeparatedPermissionSet');
    expect(alreadyGranted(plan, org)).to.deep.equal(['system administrator', 'Sales_Ops']);
    expect(plan.desired.oauthPolicy!.fields.commaSeparatedProfile, 'the plan itself is unchanged').to.equal('system administrator, Standard User');
    const profilesOnly = withoutGrantedAccess(plan, org, ['commaSeparatedProfile']);
    expect(profilesOnly.desired.oauthPolicy!.fields.commaSeparatedPermissionSet, 'a list the org did not refuse is sent whole').to.equal('Sales_Ops');
  });

  it('names what --replace-profiles would take away', () => {
    const org = orgGranting('System Administrator, Standard User');
    const plan = planApp(spec({ profiles: ['System Administrator'] }), org, { ...options, replaceAccess: true });
    expect(accessToRemove(plan, org)).to.deep.equal([{ field: 'commaSeparatedProfile', names: ['Standard User'] }]);
    expect(accessToRemove(planApp(spec({ profiles: ['System Administrator'] }), org, options), org)).to.deep.equal([]);
  });
});
