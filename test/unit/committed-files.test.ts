import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import sinon from 'sinon';
import { stubSfCommandUx } from '@salesforce/sf-plugins-core';
import AppGenerate from '../../src/commands/dropzone/app/generate.js';
import { renderRequirementsDoc } from '../../src/requirements/doc.js';
import { COMPONENT_REQUIREMENTS, ORG_REQUIREMENTS } from '../../src/requirements/table.js';
import { README_END, README_START, readmeRequirementsSection } from '../../scripts/readme-requirements.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const forceApp = path.join(root, 'force-app');

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** `# key` headings of a messages/*.md bundle. */
async function messageKeys(bundle: string): Promise<Set<string>> {
  const text = await fs.readFile(path.join(root, 'messages', `${bundle}.md`), 'utf8');
  return new Set([...text.matchAll(/^# (.+?)\s*$/gm)].map((match) => match[1]));
}

async function sourceFiles(dir = path.join(root, 'src')): Promise<string[]> {
  return (await filesBelow(dir)).filter((file) => file.endsWith('.ts')).map((file) => path.join(dir, file));
}

describe('committed files stay in step with the code', () => {
  describe('force-app', () => {
    let sandbox: sinon.SinonSandbox;
    let tmp: string;
    beforeEach(async () => {
      sandbox = sinon.createSandbox();
      stubSfCommandUx(sandbox);
      tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dropzone-drift-'));
    });
    afterEach(async () => {
      sandbox.restore();
      await fs.rm(tmp, { recursive: true, force: true });
    });

    it('holds exactly what `generate --contact-email admin@example.com` writes, byte for byte', async () => {
      await AppGenerate.run(['--contact-email', 'admin@example.com', '--output-dir', tmp]);
      const generated = await filesBelow(tmp);
      expect(generated).to.have.length(5);
      expect(await filesBelow(forceApp), 'files in force-app/ that generate does not write').to.deep.equal(
        generated.map((file) => `main/default/${file}`)
      );
      for (const file of generated) {
        const committed = await fs.readFile(path.join(forceApp, 'main', 'default', file), 'utf8');
        expect(committed, `force-app/main/default/${file} drifted; regenerate it`).to.equal(await fs.readFile(path.join(tmp, file), 'utf8'));
      }
    });
  });

  describe('docs', () => {
    const doc = renderRequirementsDoc();

    it('docs/requirements.md is what `npm run docs` prints', async () => {
      expect(await fs.readFile(path.join(root, 'docs', 'requirements.md'), 'utf8'), 'run npm run docs').to.equal(doc);
    });

    it("the README's requirements section is what `npm run docs` prints", async () => {
      const readme = await fs.readFile(path.join(root, 'README.md'), 'utf8');
      const start = readme.indexOf(README_START);
      const end = readme.indexOf(README_END);
      expect(start, 'README.md has the requirements:start marker').to.be.greaterThan(-1);
      expect(end, 'README.md has the requirements:end marker after it').to.be.greaterThan(start);
      expect(readme.slice(start, end + README_END.length), 'run npm run docs').to.equal(readmeRequirementsSection(doc));
    });

    it('every requirement appears in the docs', () => {
      for (const row of [...COMPONENT_REQUIREMENTS, ...ORG_REQUIREMENTS]) expect(doc).to.include(`| \`${row.id}\` |`);
    });
  });

  describe('messages', () => {
    it('each requirement has its .step and .action text, and no text is left over', async () => {
      const keys = await messageKeys('requirements');
      const ids = [...COMPONENT_REQUIREMENTS, ...ORG_REQUIREMENTS].map((row) => row.id);
      expect(new Set(ids).size, 'requirement ids are unique').to.equal(ids.length);
      for (const id of ids) {
        expect(keys.has(`${id}.step`), `${id}.step`).to.equal(true);
        expect(keys.has(`${id}.action`), `${id}.action`).to.equal(true);
      }
      const orgIds = ORG_REQUIREMENTS.map((row) => row.id);
      for (const id of orgIds.filter((candidate) => candidate.startsWith('authorizing-user-'))) {
        expect(keys.has(`${id}.source`), `${id}.source`).to.equal(true);
      }
      const orphans = [...keys].filter(
        (key) => !ids.some((id) => key === `${id}.step` || key === `${id}.action`) && !orgIds.some((id) => key === `${id}.source`)
      );
      expect(orphans, 'texts in messages/requirements.md without a row').to.deep.equal([]);
    });

    it('each command has a summary, a description, its exit codes under ERROR CODES, examples and a summary for every flag', async () => {
      const commandsDir = path.join(root, 'src', 'commands');
      const commands = await sourceFiles(commandsDir);
      expect(commands.map((file) => path.relative(commandsDir, file))).to.include('dropzone/app/generate.ts');
      for (const file of commands) {
        const id = path.relative(commandsDir, file).replace(/\.ts$/, '').split(path.sep).join('.');
        const keys = await messageKeys(id);
        for (const key of ['summary', 'description', 'examples']) expect(keys.has(key), `messages/${id}.md # ${key}`).to.equal(true);
        const command = (await import(file)) as {
          default: {
            summary?: string;
            description?: string;
            examples?: string[];
            errorCodes?: { header: string; body: Array<{ name: string }> };
            flags: Record<string, { summary?: string }>;
          };
        };
        expect(command.default.description, `${id} description`).to.be.a('string').that.is.not.empty;
        expect(command.default.errorCodes?.header, `${id} errorCodes`).to.equal('ERROR CODES');
        expect(command.default.errorCodes?.body.map((entry) => entry.name), `${id} errorCodes`).to.include.members(['Failed (1)']);
        expect(command.default.examples, `${id} examples`).to.be.an('array').that.is.not.empty;
        for (const example of command.default.examples ?? []) expect(example, id).to.include('<%= config.bin %> <%= command.id %>');
        for (const [name, flag] of Object.entries(command.default.flags)) {
          if (['json', 'flags-dir'].includes(name)) continue;
          expect(flag.summary, `${id} --${name} summary`).to.be.a('string').that.is.not.empty;
        }
      }
    });

    it('every message key the code names exists in its bundle', async () => {
      const bundles = new Map<string, Set<string>>();
      for (const file of await filesBelow(path.join(root, 'messages'))) {
        bundles.set(file.replace(/\.md$/, ''), await messageKeys(file.replace(/\.md$/, '')));
      }
      const anyBundleHas = (key: string): boolean => [...bundles.values()].some((keys) => keys.has(key));
      const missing: string[] = [];
      for (const file of await sourceFiles()) {
        const code = await fs.readFile(file, 'utf8');
        const where = path.relative(root, file);
        const loaded = [...code.matchAll(/loadMessages\('plugin-dropzone', '([^']+)'\)/g)].map((match) => match[1]);
        for (const bundle of loaded) if (!bundles.has(bundle)) missing.push(`${where}: bundle messages/${bundle}.md`);
        const own = loaded.length === 1 ? bundles.get(loaded[0]) : undefined;
        for (const match of code.matchAll(/\bmessages\.(?:getMessage|getMessages|createError|createWarning|createInfo)\(\s*'([^']+)'/g)) {
          if (!(own ? own.has(match[1]) : anyBundleHas(match[1]))) missing.push(`${where}: '${match[1]}' in ${loaded.join(', ') || '(no bundle)'}`);
        }
        // Helpers such as spec/errors.ts createError(key, …) load the key from a bundle of their own.
        for (const match of code.matchAll(/(?<!messages\.)\bcreateError\(\s*'([^']+)'/g)) {
          if (!anyBundleHas(match[1])) missing.push(`${where}: error '${match[1]}'`);
        }
        for (const match of code.matchAll(/new InputError\(\s*[^,]+,\s*'([^']+)'/g)) {
          if (!bundles.get('errors')?.has(match[1])) missing.push(`${where}: input rule '${match[1]}' in errors`);
        }
      }
      expect(missing).to.deep.equal([]);
    });
  });
});
