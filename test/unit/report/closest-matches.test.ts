import { expect } from 'chai';
import { closestMatches } from '../../../src/util/closest-matches.js';

describe('closest matches (did you mean …)', () => {
  const profiles = ['System Administrator', 'Standard User', 'Support Agent', 'Read Only', 'Marketing User'];

  it('suggests names a typo away, best first', () => {
    expect(closestMatches('System Adminstrator', profiles)).to.deep.equal(['System Administrator']);
    expect(closestMatches('Standrd User', profiles)[0]).to.equal('Standard User');
  });

  it('suggests names that contain what was typed', () => {
    expect(closestMatches('Administrator', profiles)).to.deep.equal(['System Administrator']);
  });

  it('suggests nothing for an unrelated name', () => {
    expect(closestMatches('Dropzone Integration', profiles)).to.deep.equal([]);
    expect(closestMatches('', profiles)).to.deep.equal([]);
  });
});
