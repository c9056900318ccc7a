import path from 'node:path';
import { Messages } from '@salesforce/core/messages';
import { Flags, toHelpSection } from '@salesforce/sf-plugins-core';
import { OrgCommand } from '../../../cli/org-command.js';
import { outputDirFlag } from '../../../flags/path-flags.js';
import { appFlags, profileFlag } from '../../../flags/app-flags.js';
import { apiVersionFlag } from '../../../flags/org-flags.js';
import type { GeneratedFile } from '../../../generate/generate-app.js';
import type { Finding } from '../../../requirements/findings.js';
import type { CreateOutcome, CreateStatus } from '../../../create/run-create.js';
import type { ComponentAction } from '../../../create/plan.js';
import type { OrgType } from '../../../spec/app-spec.js';
import { displayPath } from '../../../util/display-path.js';
import { parseErrorsAreBadInput } from '../../../flags/parse-errors.js';
import { EXIT_BAD_INPUT, inputErrorToSfError } from '../../../spec/errors.js';
import { InputError } from '../../../spec/validate-input.js';
import { sfCommand } from '../../../util/command-line.js';
import { outputWidth, taggedLines } from '../../../report/blocks.js';
import { ComponentKind, KIND_LAYOUT } from '../../../metadata/kinds.js';
import { EXIT_INTERRUPTED, InterruptedError, takeOverInterrupts } from '../../../util/interrupt.js';
import { CREATE_EXIT } from '../../../report/exit-codes.js';
import { errorCodeDescriptions, requestTimeoutVariable } from '../../../cli/help-sections.js';
import { canRedraw } from '../../../ux/redraw.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-dropzone', 'dropzone.app.create');

export type AppCreateResult = {
  status: CreateStatus;
  name: string;
  orgId: string;
  username: string;
  orgType: OrgType;
  callbackUrl: string;
  apiVersion: string;
  dryRun: boolean;
  deployId?: string;
  resumeCommand?: string;
  components: Array<{ type: string; fullName: string; action: ComponentAction; changedFields: string[] }>;
  preAuthorizedProfiles: string[];
  preAuthorizedPermissionSets: string[];
  consumerKey?: string;
  verification: { compliant: boolean; passed: number; failed: number; warnings: number; findings: Finding[] };
  files: GeneratedFile[];
};

/** Metadata API deploy ids: key prefix 0Af, 15 or 18 characters. */
const DEPLOY_ID = /^0Af[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

/** Flags that cannot go with --resume (they only shape a new deploy). */
const RESUME_DROPS = new Set(['--async', '--force', '--dry-run']);


export default class AppCreate extends OrgCommand<AppCreateResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');
  public static readonly configurationVariablesSection = toHelpSection('CONFIGURATION VARIABLES', 'target-org', 'org-api-version');
  public static readonly envVariablesSection = toHelpSection('ENVIRONMENT VARIABLES', 'SF_TARGET_ORG', requestTimeoutVariable());
  public static readonly errorCodes = toHelpSection(
    'ERROR CODES',
    errorCodeDescriptions(messages, { Succeeded: 0, Failed: 1, BadInput: EXIT_BAD_INPUT, TimedOut: CREATE_EXIT.deadline, OutcomeUnknown: CREATE_EXIT.outcomeUnknown, Interrupted: EXIT_INTERRUPTED })
  );

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    ...appFlags,
    profile: profileFlag('create'),
    'api-version': apiVersionFlag,
    wait: Flags.duration({
      unit: 'minutes',
      char: 'w',
      summary: messages.getMessage('flags.wait.summary'),
      defaultValue: 10,
      min: 1,
      exclusive: ['async'],
    }),
    // Each pair is declared on one side only: oclif's USAGE prints an empty alternative for a flag already shown in another group.
    async: Flags.boolean({
      summary: messages.getMessage('flags.async.summary'),
      description: messages.getMessage('flags.async.description'),
      exclusive: ['wait', 'dry-run', 'resume'],
    }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    force: Flags.boolean({ summary: messages.getMessage('flags.force.summary') }),
    'replace-profiles': Flags.boolean({ summary: messages.getMessage('flags.replace-profiles.summary') }),
    'enforce-recommended': Flags.boolean({ summary: messages.getMessage('flags.enforce-recommended.summary') }),
    resume: Flags.string({
      summary: messages.getMessage('flags.resume.summary'),
      exclusive: ['dry-run', 'force'],
    }),
    'authorizing-user': Flags.string({
      summary: messages.getMessage('flags.authorizing-user.summary'),
      description: messages.getMessage('flags.authorizing-user.description'),
    }),
    'output-dir': outputDirFlag({
      char: 'd',
      summary: messages.getMessage('flags.output-dir.summary'),
    }),
  };

  /** The org's username, for a resume command when the run used the default org. */
  private targetOrgName?: string;

  public async run(): Promise<AppCreateResult> {
    const { flags, metadata } = await this.parse(AppCreate).catch(parseErrorsAreBadInput);
    // An empty or mistyped id must not fall through to a fresh deploy: --resume only ever checks an existing one.
    if (flags.resume !== undefined && !DEPLOY_ID.test(flags.resume)) {
      throw inputErrorToSfError(new InputError('resume', 'deploy-id', [flags.resume]));
    }
    if (flags['authorizing-user']?.trim() === '') throw inputErrorToSfError(new InputError('authorizing-user', 'text-empty', []));
    const [{ runCreate }, { connectionFor }, { stageOutput, silentProgress }, { explainSessionFailure }, { DeployInterruptedError, InterruptedAfterDeployError }] =
      await Promise.all([
      import('../../../create/run-create.js'),
      import('../../../org/connection.js'),
      import('../../../ux/stage-output.js'),
      import('../../../org/session.js'),
      import('../../../org/deploy.js'),
    ]);
    const conn = connectionFor(flags['target-org'], flags['api-version']);
    const interactive = Boolean(process.stdout.isTTY) && canRedraw();
    const org = flags['target-org'];
    this.targetOrgName = flags['target-org'].getUsername();
    const interrupt = takeOverInterrupts(() => process.stderr.write(`\n${messages.getMessage('forced-exit')}\n`));
    const outcome = await runCreate(conn, {
      flags: { ...flags, 'api-version': flags['api-version'] },
      // On an existing app, label and description change only when asked for: defaults must not overwrite them.
      explicitHeaderFields: new Set(
        (['label', 'description'] as const).filter((flag) => flags[flag] !== undefined && !metadata.flags[flag]?.setFromDefault)
      ),
      waitMinutes: flags.wait.minutes,
      async: Boolean(flags.async),
      dryRun: Boolean(flags['dry-run']),
      force: Boolean(flags.force),
      replaceAccess: Boolean(flags['replace-profiles']),
      enforceRecommended: Boolean(flags['enforce-recommended']),
      resumeDeployId: flags.resume,
      outputDir: flags['output-dir'] ? path.resolve(flags['output-dir']) : undefined,
      authorizingUsername: flags['authorizing-user'],
      progress: {
        ...(this.jsonEnabled() ? silentProgress : stageOutput(this, interactive)),
        foreseen: (finding) =>
          this.warn(messages.getMessage('foreseen-warning', [finding.step, finding.expected, finding.found, finding.action])),
      },
      signal: interrupt.signal,
      resumeCommand: (deployId) => this.resumeCommand(deployId),
    })
      .catch(async (error: unknown) => {
        if (error instanceof DeployInterruptedError) {
          const resumeCommand = this.resumeCommand(error.deployId);
          const stopped = messages.createError('DeployInterrupted', [error.deployId], [resumeCommand], EXIT_INTERRUPTED);
          stopped.setData({ deployId: error.deployId, resumeCommand });
          throw stopped;
        }
        if (error instanceof InterruptedAfterDeployError) {
          const validate = sfCommand(['dropzone', 'app', 'validate'], ['--name', flags.name, '--target-org', org.getUsername() ?? org.getOrgId()]);
          throw messages.createError('VerifyInterrupted', [error.deployId ?? '-', flags.name], [validate], EXIT_INTERRUPTED);
        }
        if (error instanceof InterruptedError) throw messages.createError('InterruptedBeforeDeploy', [], [], EXIT_INTERRUPTED);
        throw await explainSessionFailure(error, org);
      })
      .finally(() => interrupt.dispose());
    const result = this.toResult(outcome, Boolean(flags['dry-run']));
    this.report(result);
    // The app is in place, but a user who cannot log in, use the API or edit Cases leaves the connector broken.
    if (result.verification.failed > 0) process.exitCode = 1;
    return result;
  }

  private toResult(outcome: CreateOutcome, dryRun: boolean): AppCreateResult {
    const failed = outcome.findings.filter((finding) => finding.status === 'fail').length;
    const warnings = outcome.findings.filter((finding) => finding.status === 'warn').length;
    return {
      status: outcome.status,
      name: outcome.spec.name,
      orgId: outcome.facts.orgId,
      username: outcome.facts.runningUser.username,
      orgType: outcome.spec.orgType,
      callbackUrl: outcome.spec.callbackUrl,
      apiVersion: outcome.spec.apiVersion,
      dryRun,
      ...(outcome.deployId ? { deployId: outcome.deployId } : {}),
      ...(outcome.status === 'deploying' && outcome.deployId ? { resumeCommand: this.resumeCommand(outcome.deployId) } : {}),
      components: outcome.components.map((component) => ({ ...component, changedFields: [...component.changedFields] })),
      preAuthorizedProfiles: [...outcome.preAuthorizedProfiles],
      preAuthorizedPermissionSets: [...outcome.preAuthorizedPermissionSets],
      ...(outcome.consumerKey ? { consumerKey: outcome.consumerKey } : {}),
      verification: {
        compliant: failed === 0 && outcome.findings.length > 0,
        passed: outcome.findings.length - failed - warnings,
        failed,
        warnings,
        findings: [...outcome.findings],
      },
      files: [...outcome.files],
    };
  }

  /**
   * The same command line with --resume <id> instead of the flags --resume excludes (and any earlier --resume), naming
   * the org when the run used the default one, so that it runs as printed.
   */
  private resumeCommand(deployId: string): string {
    const args: string[] = [];
    for (let index = 0; index < this.argv.length; index++) {
      const arg = this.argv[index];
      if (arg === '--resume') index++;
      else if (!RESUME_DROPS.has(arg) && !arg.startsWith('--resume=')) args.push(arg);
    }
    const namesOrg = args.some((arg) => /^(--target-org|-o)(=|$)/.test(arg) || /^-o\S/.test(arg));
    const org = this.targetOrgName;
    return sfCommand(['dropzone', 'app', 'create'], [...(namesOrg || !org ? [] : ['--target-org', org]), ...args, '--resume', deployId]);
  }

  private report(result: AppCreateResult): void {
    this.log('');
    const components = result.components.map((component) => {
      const action = result.dryRun && component.action !== 'unchanged' ? `would ${component.action}` : component.action;
      const what = `${component.fullName} (${KIND_LAYOUT[component.type as ComponentKind]?.shortName ?? component.type})`;
      return [action, component.changedFields.length ? `${what}: ${component.changedFields.join(', ')}` : what] as const;
    });
    for (const line of taggedLines(components, outputWidth())) this.log(line);
    this.log('');
    for (const failure of result.verification.findings.filter((finding) => finding.status === 'fail')) {
      this.warn(messages.getMessage('finding-failure', [failure.step, failure.expected, failure.found, failure.action]));
    }
    for (const warning of result.verification.findings.filter((finding) => finding.status === 'warn')) {
      this.warn(messages.getMessage('finding-warning', [warning.step, warning.expected, warning.found, warning.action]));
    }
    for (const file of result.files) this.log(messages.getMessage('file-written', [file.state, displayPath(file.path)]));
    if (result.status === 'deploying') {
      this.logSuccess(messages.getMessage('status.deploying', [result.deployId ?? '']));
      this.log(messages.getMessage('resume', [result.resumeCommand ?? '']));
      return;
    }
    this.logSuccess(messages.getMessage(`status.${result.status}`, [result.name]));
    this.log(messages.getMessage('callback', [result.callbackUrl]));
    this.log(messages.getMessage('profiles', [[...result.preAuthorizedProfiles, ...result.preAuthorizedPermissionSets].join(', ') || '-']));
    if (result.dryRun) return;
    // Printed commands name the org and the app: pasted where no default org is set, they still run.
    const credentials = (...extra: string[]): string =>
      sfCommand(['dropzone', 'app', 'credentials'], ['--name', result.name, '--target-org', result.username, ...extra]);
    this.log(result.consumerKey ? messages.getMessage('consumer-key', [result.consumerKey]) : messages.getMessage('consumer-key-unavailable', [credentials()]));
    this.log(messages.getMessage('next-step', [credentials('--show-secret')]));
  }
}
