import { expect } from 'chai';
import { isPermissionSetId } from '../../../src/org/permission-set-ids.js';

describe('isPermissionSetId', () => {
  it('takes 15- and 18-character PermissionSet ids (key prefix 0PS), never an API name', () => {
    expect(isPermissionSetId('0PSDz0000000001AAA')).to.equal(true);
    expect(isPermissionSetId('0PSDz0000000001')).to.equal(true);
    expect(isPermissionSetId('Sales_Ops')).to.equal(false);
    expect(isPermissionSetId('0PS_Sales_Ops_Team')).to.equal(false);
    expect(isPermissionSetId('00eDz0000000001AAA')).to.equal(false);
    expect(isPermissionSetId('0PSDz0000000001AA')).to.equal(false);
  });
});
