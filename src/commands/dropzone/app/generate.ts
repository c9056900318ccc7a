import path from 'node:path';
import { Messages } from '@salesforce/core/messages';
import { SfCommand } from '@salesforce/sf-plugins-core';
import { outputDirFlag } from '../../../flags/path-flags.js';
import { apiVersionFlag, appFlags } from '../../../flags/app-flags.js';
import { GeneratedFile, generateApp } from '../../../generate/generate-app.js';
import { displayPath } from '../../../util/display-path.js';
import { specFromFlags } from '../../../spec/from-flags.js';
import { defaultOutputDir } from '../../../spec/output-dir.js';
import { parseErrorsAreBadInput } from '../../../flags/parse-errors.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-dropzone', 'dropzone.app.generate');

export type AppGenerateResult = {
  name: string;
  outputDir: string;
  apiVersion: string;
  orgType: 'production' | 'sandbox';
  callbackUrl: string;
  profiles: string[];
  permissionSets: string[];
  files: GeneratedFile[];
};

export default class AppGenerate extends SfCommand<AppGenerateResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    ...appFlags,
    'api-version': apiVersionFlag,
    'output-dir': outputDirFlag({
      char: 'd',
      summary: messages.getMessage('flags.output-dir.summary'),
      description: messages.getMessage('flags.output-dir.description'),
    }),
  };

  public async run(): Promise<AppGenerateResult> {
    const { flags } = await this.parse(AppGenerate).catch(parseErrorsAreBadInput);
    const spec = specFromFlags(flags);
    const outputDir = path.resolve(flags['output-dir'] ?? (await defaultOutputDir()));
    const files = await generateApp(spec, outputDir);

    this.table({
      data: files.map((file) => ({ state: file.state, type: file.type, path: displayPath(file.path) })),
      columns: [
        { key: 'state', name: 'State' },
        { key: 'type', name: 'Type' },
        { key: 'path', name: 'Path' },
      ],
    });
    this.logSuccess(messages.getMessage('success', [spec.name, spec.callbackUrl, spec.profiles.join(', ') || '-']));
    this.log(messages.getMessage('next-step', [displayPath(outputDir)]));

    return {
      name: spec.name,
      outputDir,
      apiVersion: spec.apiVersion,
      orgType: spec.orgType,
      callbackUrl: spec.callbackUrl,
      profiles: [...spec.profiles],
      permissionSets: [...spec.permissionSets],
      files,
    };
  }
}
