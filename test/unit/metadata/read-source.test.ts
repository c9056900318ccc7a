import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { buildComponents } from '../../../src/generate/build.js';
import { groupByApp, readSourceDir } from '../../../src/metadata/read-source.js';
import { renderSourceFiles } from '../../../src/metadata/source-files.js';
import { MetadataXmlError } from '../../../src/metadata/xml.js';
import { testSpec } from '../../helpers/spec.js';

const spec = testSpec();

describe('reading source folders', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dropzone-read-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('reads back what the generator writes, grouped under the app name', async () => {
    const app = buildComponents(spec);
    for (const file of renderSourceFiles(app)) {
      await mkdir(path.dirname(path.join(dir, file.relativePath)), { recursive: true });
      await writeFile(path.join(dir, file.relativePath), file.content);
    }
    await writeFile(path.join(dir, 'unrelated.txt'), 'ignored');
    const apps = await readSourceDir(dir);
    expect([...apps.keys()]).to.deep.equal(['Dropzone']);
    expect(apps.get('Dropzone')).to.deep.equal(app);
  });

  it('refuses a file whose root does not match its name', () => {
    const [headerFile] = renderSourceFiles(buildComponents(spec));
    expect(() => groupByApp([{ path: 'x/Other_oauth.ecaOauth-meta.xml', content: headerFile.content }]))
      .to.throw(MetadataXmlError, /holds <ExternalClientApplication>/);
  });

  it('refuses two components of one kind for the same app', () => {
    const files = renderSourceFiles(buildComponents(spec)).filter((file) => file.relativePath.includes('ecaPlcy'));
    const twice = [
      { path: `a/${files[0].relativePath}`, content: files[0].content },
      { path: 'b/extlClntAppPolicies/Dropzone_second.ecaPlcy-meta.xml', content: files[0].content },
    ];
    expect(() => groupByApp(twice)).to.throw(MetadataXmlError, /two ExtlClntAppConfigurablePolicies components/);
  });
});
