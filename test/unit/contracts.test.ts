import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { createGenerator } from 'ts-json-schema-generator';
import { commandFiles, commandSnapshots, schemaShape } from '../helpers/contracts.js';

const root = process.cwd();

/** The exported --json result type of each command, by command id. */
const RESULT_TYPES: Record<string, string> = {
  'dropzone:app:create': 'AppCreateResult',
  'dropzone:app:credentials': 'AppCredentialsResult',
  'dropzone:app:generate': 'AppGenerateResult',
  'dropzone:app:validate': 'AppValidateResult',
  'dropzone:app:verify-login': 'AppVerifyLoginResult',
};

describe('contracts: flags and --json results change only when reviewed', function () {
  this.timeout(240_000);

  it('every command has its flags in command-snapshot.json (after a reviewed change: npm run snapshot:write)', async () => {
    const committed = JSON.parse(readFileSync(join(root, 'command-snapshot.json'), 'utf8')) as unknown;
    expect(await commandSnapshots(root, 'plugin-dropzone')).to.deep.equal(committed);
  });

  it('every command exports a result type and has a committed schema', () => {
    expect(commandFiles(root).map((command) => command.id)).to.deep.equal(Object.keys(RESULT_TYPES).sort());
  });

  it("each committed schema describes exactly the command's exported result type", () => {
    const generator = createGenerator({
      path: join(root, 'src', 'commands', 'dropzone', 'app', '*.ts'),
      tsconfig: join(root, 'tsconfig.json'),
      type: '*',
      expose: 'export',
      topRef: false,
      jsDoc: 'none',
      skipTypeCheck: true,
    });
    for (const [id, type] of Object.entries(RESULT_TYPES)) {
      const file = join(root, 'schemas', `${id.replace(/:/g, '-')}.json`);
      const fromType = schemaShape(generator.createSchema(type) as never);
      const fromSchema = schemaShape(JSON.parse(readFileSync(file, 'utf8')) as never);
      expect(fromSchema, `${file} against ${type} (path: type; "?" = may be absent)`).to.deep.equal(fromType);
    }
  });

  it('reads a schema as the lines of its shape, refs resolved and unions flattened', () => {
    const schema = {
      type: 'object',
      required: ['status', 'source'],
      properties: {
        status: { type: 'string', enum: ['created', 'updated'] },
        count: { type: 'integer' },
        source: { $ref: '#/definitions/source' },
        files: { type: 'array', items: { type: 'object', required: ['path'], properties: { path: { type: 'string' } } } },
      },
      definitions: {
        source: {
          oneOf: [
            { type: 'object', required: ['type'], properties: { type: { const: 'org' } } },
            { type: 'object', required: ['type', 'path'], properties: { type: { const: 'source-dir' }, path: { type: 'string' } } },
          ],
        },
      },
    };
    expect(schemaShape(schema as never)).to.deep.equal(
      ['.count?: number', '.files?: array', '.files[]: object', '.files[].path: string', '.source: object', '.source.path: string', '.source.type: string', '.status: string'].sort()
    );
  });
});
