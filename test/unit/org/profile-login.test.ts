import { expect } from 'chai';
import { parseProfileLoginHours, profileMetadataNames } from '../../../src/org/profile-login.js';

describe('profile metadata for login hours', () => {
  it('names a standard profile by its Metadata API name and its name, a custom one with reserved characters encoded', () => {
    expect(profileMetadataNames('System Administrator')).to.deep.equal(['Admin', 'System Administrator']);
    expect(profileMetadataNames('Read Only')).to.deep.equal(['ReadOnly', 'Read Only']);
    expect(profileMetadataNames('Custom: Support Profile')).to.deep.equal(['Custom%3A Support Profile']);
    expect(profileMetadataNames('Work.com Only User')).to.deep.equal(['Work%2Ecom Only User']);
    expect(profileMetadataNames('Minimum Access - Salesforce')).to.deep.equal(['Minimum Access - Salesforce']);
  });

  it('reads <loginHours> in minutes after midnight; a day given only one edge is open on the other side', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <loginHours>
        <mondayEnd>1080</mondayEnd>
        <mondayStart>480</mondayStart>
        <sundayStart>0</sundayStart>
        <sundayEnd>0</sundayEnd>
        <saturdayStart>600</saturdayStart>
    </loginHours>
    <userLicense>Salesforce</userLicense>
</Profile>`;
    expect(parseProfileLoginHours(xml)).to.deep.equal({
      sunday: { start: 0, end: 0 },
      monday: { start: 480, end: 1080 },
      saturday: { start: 600, end: 1440 },
    });
  });

  it('a profile without <loginHours> sets none', () => {
    expect(parseProfileLoginHours('<Profile><userLicense>Salesforce</userLicense></Profile>')).to.deep.equal({});
  });
});
