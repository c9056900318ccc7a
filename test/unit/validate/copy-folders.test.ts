import path from 'node:path';
import { expect } from 'chai';
import { copyFolders } from '../../../src/validate/copy-folders.js';

describe('copyFolders', () => {
  const dir = path.join(path.sep, 'repo');
  const file = (...parts: string[]): string => path.join(dir, ...parts);

  it('names the top folders where two copies part', () => {
    expect(copyFolders(dir, file('force-app', 'main', 'default', 'a.xml'), file('retrieved', 'main', 'default', 'a.xml'))).to.deep.equal([
      file('force-app'),
      file('retrieved'),
    ]);
  });

  it('keeps the shared folders above the parting point', () => {
    expect(copyFolders(dir, file('pkg', 'one', 'ext', 'a.xml'), file('pkg', 'two', 'ext', 'a.xml'))).to.deep.equal([file('pkg', 'one'), file('pkg', 'two')]);
  });

  it('a copy one folder deeper than the other still gets its own folder', () => {
    expect(copyFolders(dir, file('ext', 'a.xml'), file('old', 'ext', 'a.xml'))).to.deep.equal([file('ext'), file('old')]);
  });

  it('two files in one folder: no folder holds just one of them', () => {
    expect(copyFolders(dir, file('ext', 'a.xml'), file('ext', 'b.xml'))).to.equal(undefined);
    expect(copyFolders(dir, file('a.xml'), file('b', 'a.xml'))).to.equal(undefined);
  });
});
