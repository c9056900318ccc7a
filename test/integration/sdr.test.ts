import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { XMLParser } from 'fast-xml-parser';
import { buildComponents } from '../../src/generate/build.js';
import { renderSourceFiles, writeFilesAtomically } from '../../src/metadata/source-files.js';
import { parseComponent, serializeComponent } from '../../src/metadata/xml.js';
import { buildAppSpec } from '../../src/spec/validate-input.js';

const spec = buildAppSpec({
  name: 'Dropzone',
  label: 'R&D <Ops> "Dropzone"',
  contactEmail: 'admin@example.com',
  orgType: 'production',
  profiles: ['System Administrator'],
  permissionSets: ['Dropzone_Users'],
  sessionTimeoutMinutes: 120,
  apiVersion: '66.0',
});

const EXPECTED = [
  ['ExternalClientApplication', 'Dropzone', 'externalClientApps/Dropzone.eca'],
  ['ExtlClntAppOauthSettings', 'Dropzone_oauth', 'extlClntAppOauthSettings/Dropzone_oauth.ecaOauth'],
  ['ExtlClntAppGlobalOauthSettings', 'Dropzone_glbloauth', 'extlClntAppGlobalOauthSets/Dropzone_glbloauth.ecaGlblOauth'],
  ['ExtlClntAppOauthConfigurablePolicies', 'Dropzone_oauth_defaultPolicy', 'extlClntAppOauthPolicies/Dropzone_oauth_defaultPolicy.ecaOauthPlcy'],
  ['ExtlClntAppConfigurablePolicies', 'Dropzone_plcy', 'extlClntAppPolicies/Dropzone_plcy.ecaPlcy'],
] as const;

type PackageXml = { Package: { types: Array<{ members: string | string[]; name: string }>; version: string } };

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

describe("Salesforce's source-deploy-retrieve accepts the generated app", function () {
  this.timeout(120_000);
  let tmp: string;
  let source: string;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dropzone-sdr-'));
    source = path.join(tmp, 'force-app', 'main', 'default');
    await writeFilesAtomically(source, renderSourceFiles(buildComponents(spec)));
  });

  after(async () => fs.rm(tmp, { recursive: true, force: true }));

  it('resolves the folder into exactly the five components, with the right types and full names', () => {
    const set = ComponentSet.fromSource(source);
    const components = set.getSourceComponents().toArray();
    expect(components.map((component) => [component.type.name, component.fullName]).sort()).to.deep.equal(
      EXPECTED.map(([type, fullName]) => [type, fullName]).sort()
    );
    for (const component of components) {
      expect(component.xml, component.fullName).to.be.a('string');
      expect(component.content, `${component.fullName} has no separate content file`).to.equal(undefined);
    }
    expect(set.size).to.equal(5);
  });

  for (const mode of ['directory', 'zip'] as const) {
    it(`converts to a metadata-format package (${mode}) with a package.xml listing the five`, async () => {
      const set = ComponentSet.fromSource(source);
      set.sourceApiVersion = spec.apiVersion;
      const outputDirectory = path.join(tmp, `mdapi-${mode}`);
      const packageRoot = path.join(outputDirectory, 'dropzone');
      const result = await new MetadataConverter().convert(
        set,
        'metadata',
        mode === 'directory'
          ? { type: 'directory', outputDirectory, packageName: 'dropzone', genUniqueDir: false }
          : { type: 'zip', outputDirectory, packageName: 'dropzone', genUniqueDir: false }
      );
      if (mode === 'zip') {
        expect(result.packagePath).to.be.a('string');
        const { default: JSZip } = await import('jszip');
        const zip = await JSZip.loadAsync(await fs.readFile(result.packagePath!));
        await fs.mkdir(packageRoot, { recursive: true });
        for (const [name, entry] of Object.entries(zip.files)) {
          if (entry.dir) continue;
          const relative = name.replace(/^dropzone\//, '');
          await fs.mkdir(path.dirname(path.join(packageRoot, relative)), { recursive: true });
          await fs.writeFile(path.join(packageRoot, relative), await entry.async('nodebuffer'));
        }
      }

      expect(await listFiles(packageRoot)).to.deep.equal([...EXPECTED.map(([, , file]) => file), 'package.xml'].sort());

      const manifest = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'types' }).parse(
        await fs.readFile(path.join(packageRoot, 'package.xml'), 'utf8')
      ) as PackageXml;
      expect(manifest.Package.types.map((type) => [type.name, type.members]).sort()).to.deep.equal(
        EXPECTED.map(([type, fullName]) => [type, fullName]).sort()
      );
      expect(manifest.Package.version).to.equal(spec.apiVersion);

      // The metadata-format files hold the same component as the source files.
      for (const [, fullName, file] of EXPECTED) {
        const converted = await fs.readFile(path.join(packageRoot, file), 'utf8');
        const sourceFile = (await listFiles(source)).find((candidate) => candidate.includes(`/${fullName}.`))!;
        const original = await fs.readFile(path.join(source, sourceFile), 'utf8');
        expect(serializeComponent(parseComponent(converted, fullName)), file).to.equal(original);
      }
    });
  }
});
