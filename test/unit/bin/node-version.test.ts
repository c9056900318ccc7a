import { expect } from 'chai';
import { satisfiesEngine } from '../../../bin/node-version.js';

describe('bin/node-version satisfiesEngine', () => {
  const cases: Array<[string, boolean]> = [
    ['20.19.0', false],
    ['22.18.9', false],
    ['22.19.0', true],
    ['22.23.5', true],
    ['v22.19.1', true],
    ['23.0.0', false],
    ['24.1.0', false],
  ];
  for (const [version, expected] of cases) {
    it(`${version} ${expected ? 'satisfies' : 'does not satisfy'} ^22.19.0`, () => {
      expect(satisfiesEngine(version, '^22.19.0')).to.equal(expected);
    });
  }

  it('reads >= ranges as open upwards', () => {
    expect(satisfiesEngine('24.1.0', '>=22.19.0')).to.equal(true);
    expect(satisfiesEngine('22.18.9', '>=22.19.0')).to.equal(false);
  });

  it('leaves ranges and versions it cannot read undecided, so they never block', () => {
    expect(satisfiesEngine('22.19.0', '22.x || 24.x')).to.equal(undefined);
    expect(satisfiesEngine('not-a-version', '^22.19.0')).to.equal(undefined);
  });
});
