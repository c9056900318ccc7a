import { expect } from 'chai';
import { buildComponents } from '../../../src/generate/build.js';
import type { AppComponents } from '../../../src/metadata/components.js';
import { findAppIgnoringCase } from '../../../src/org/read-app.js';
import { testSpec } from '../../helpers/spec.js';

describe('finding the org app whatever the case of its name', () => {
  const app = buildComponents(testSpec());
  const name = app.header!.fullName;

  it('finds the app under the exact name and under any other case', () => {
    const apps = new Map<string, AppComponents>([[name, app]]);
    expect(findAppIgnoringCase(apps, name)).to.deep.equal(app);
    expect(findAppIgnoringCase(apps, name.toLowerCase())).to.deep.equal(app);
    expect(findAppIgnoringCase(apps, name.toUpperCase())!.header!.fullName).to.equal(name);
  });

  it('returns nothing for another app, or for satellites without a header', () => {
    const { header: _header, ...satellites } = app;
    expect(findAppIgnoringCase(new Map([[name, app]]), `${name}_Other`)).to.equal(undefined);
    expect(findAppIgnoringCase(new Map([[name, satellites]]), name)).to.equal(undefined);
  });

  it('joins satellites that reference the header in another case', () => {
    const { header, oauthPolicy, ...rest } = app;
    const apps = new Map<string, AppComponents>([
      [name, { header, ...rest }],
      [name.toLowerCase(), { oauthPolicy }],
    ]);
    expect(findAppIgnoringCase(apps, name.toLowerCase())).to.deep.equal({ header, ...rest, oauthPolicy });
  });

  it('prefers the exact spelling when an org holds two that differ only in case', () => {
    const other = { ...app, header: { ...app.header!, fullName: name.toLowerCase() } };
    const apps = new Map<string, AppComponents>([
      [name.toLowerCase(), other],
      [name, app],
    ]);
    expect(findAppIgnoringCase(apps, name)!.header!.fullName).to.equal(name);
    expect(findAppIgnoringCase(apps, name.toLowerCase())!.header!.fullName).to.equal(name.toLowerCase());
  });
});
