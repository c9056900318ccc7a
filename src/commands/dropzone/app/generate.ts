import path from 'node:path';
import { loadMessages } from '../../../cli/messages.js';
import { OfflineCommand } from '../../../cli/offline-command.js';
import { outputDirFlag } from '../../../flags/path-flags.js';
import { appFlags } from '../../../flags/app-flags.js';
import { configuredApiVersion, offlineApiVersionFlag } from '../../../flags/offline-api-version.js';
import { GeneratedFile, generateApp } from '../../../generate/generate-app.js';
import { displayPath } from '../../../util/display-path.js';
import { specFromFlags } from '../../../spec/from-flags.js';
import { defaultOutputDir } from '../../../spec/output-dir.js';
import { parseErrorsAreBadInput } from '../../../flags/parse-errors.js';

const messages = loadMessages('dropzone.app.generate');
const flagMessages = loadMessages('app-flags');

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

/** Offline: extends OfflineCommand, not SfCommand, so that it loads no org code (see src/cli/offline-command.ts). */
export default class AppGenerate extends OfflineCommand<AppGenerateResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    ...appFlags,
    'api-version': offlineApiVersionFlag,
    'output-dir': outputDirFlag({
      char: 'd',
      summary: messages.getMessage('flags.output-dir.summary'),
      description: messages.getMessage('flags.output-dir.description'),
    }),
  };

  public async run(): Promise<AppGenerateResult> {
    const { flags, metadata } = await this.parse(AppGenerate).catch(parseErrorsAreBadInput);
    if (flags['api-version'] === undefined) {
      const configured = await configuredApiVersion();
      if (configured) {
        this.warn(flagMessages.getMessage('api-version-from-config', [configured.value, configured.source]));
        flags['api-version'] = configured.value;
      }
    }
    const spec = specFromFlags(flags);
    const outputDir = path.resolve(flags['output-dir'] ?? (await defaultOutputDir()));
    const files = await generateApp(spec, outputDir, {
      // Over an app the folder already holds, label and description change only when asked for.
      explicitHeaderFields: new Set(
        (['label', 'description'] as const).filter((flag) => flags[flag] !== undefined && !metadata.flags[flag]?.setFromDefault)
      ),
    });

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
