import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Org } from '@salesforce/core';
import { Messages } from '@salesforce/core/messages';
import { Flags, toHelpSection } from '@salesforce/sf-plugins-core';
import { OrgCommand } from '../../../cli/org-command.js';
import { inputDirFlag, outputFileFlag } from '../../../flags/path-flags.js';
import { sessionTimeoutFlag } from '../../../flags/app-flags.js';
import { VALIDATE_EXIT, exitCodeOf } from '../../../report/exit-codes.js';
import { toJunitXml } from '../../../report/junit.js';
import { AppValidateResult, ValidationPass, validationPass } from '../../../report/result.js';
import { findingBlocks, outputWidth } from '../../../report/blocks.js';
import { driftedKinds } from '../../../requirements/engine.js';
import { DEFAULT_APP_NAME } from '../../../spec/app-spec.js';
import { displayPath } from '../../../util/display-path.js';
import { validateError } from '../../../validate/errors.js';
import type { CheckEvents, Checked, StepState } from '../../../validate/check.js';
import { checkAppName, checkExpectationInput } from '../../../validate/expectation.js';
import { parseErrorsAreBadInput } from '../../../flags/parse-errors.js';
import { inputErrorToSfError } from '../../../spec/errors.js';
import { InputError } from '../../../spec/validate-input.js';
import { sfCommand } from '../../../util/command-line.js';
import { InterruptedError, takeOverInterrupts } from '../../../util/interrupt.js';
import { stageText, stepProgress } from '../../../ux/step-progress.js';
import { errorCodeDescriptions, requestTimeoutVariable } from '../../../cli/help-sections.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-dropzone', 'dropzone.app.validate');

export type { AppValidateResult } from '../../../report/result.js';


export default class AppValidate extends OrgCommand<AppValidateResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');
  public static readonly configurationVariablesSection = toHelpSection('CONFIGURATION VARIABLES', 'target-org');
  public static readonly envVariablesSection = toHelpSection('ENVIRONMENT VARIABLES', 'SF_TARGET_ORG', requestTimeoutVariable());
  public static readonly errorCodes = toHelpSection(
    'ERROR CODES',
    errorCodeDescriptions(messages, { Compliant: VALIDATE_EXIT.compliant, Failed: VALIDATE_EXIT.error, BadInput: VALIDATE_EXIT.badInput, NonCompliant: VALIDATE_EXIT.nonCompliant, Interrupted: VALIDATE_EXIT.interrupted })
  );

  public static readonly flags = {
    name: Flags.string({
      char: 'n',
      summary: messages.getMessage('flags.name.summary'),
      description: messages.getMessage('flags.name.description'),
    }),
    'source-dir': inputDirFlag({
      char: 'd',
      summary: messages.getMessage('flags.source-dir.summary'),
      exclusive: ['target-org'],
    }),
    // A configured default org must not turn a --source-dir run into an org run (or a conflict): the default is only
    // looked up when no --source-dir is given, and an explicit --target-org with --source-dir is refused.
    'target-org': Flags.optionalOrg({
      summary: messages.getMessage('flags.target-org.summary'),
      default: async ({ flags }: { flags: Record<string, unknown> }) =>
        flags['source-dir'] === undefined ? Org.create({}).catch(() => undefined) : undefined,
    }),
    'api-version': Flags.orgApiVersion({
      summary: messages.getMessage('flags.api-version.summary'),
    }),
    'org-type': Flags.option({
      summary: messages.getMessage('flags.org-type.summary'),
      description: messages.getMessage('flags.org-type.description'),
      options: ['production', 'sandbox'] as const,
    })(),
    'callback-url': Flags.string({
      summary: messages.getMessage('flags.callback-url.summary'),
    }),
    profile: Flags.string({
      char: 'p',
      summary: messages.getMessage('flags.profile.summary'),
      description: messages.getMessage('flags.profile.description'),
      multiple: true,
    }),
    'permission-set': Flags.string({
      summary: messages.getMessage('flags.permission-set.summary'),
      description: messages.getMessage('flags.permission-set.description'),
      multiple: true,
    }),
    'session-timeout': sessionTimeoutFlag(messages.getMessage('flags.session-timeout.summary')),
    'authorizing-user': Flags.string({
      summary: messages.getMessage('flags.authorizing-user.summary'),
    }),
    junit: outputFileFlag({
      summary: messages.getMessage('flags.junit.summary'),
    }),
    fix: Flags.boolean({
      summary: messages.getMessage('flags.fix.summary'),
      default: false,
    }),
    verbose: Flags.boolean({
      summary: messages.getMessage('flags.verbose.summary'),
      default: false,
    }),
  };

  private verbose = false;

  public async run(): Promise<AppValidateResult> {
    const { flags } = await this.parse(AppValidate).catch(parseErrorsAreBadInput);
    this.verbose = flags.verbose;
    const sourceDir = flags['source-dir'];
    const org = flags['target-org'] as Org | undefined;
    if (sourceDir === undefined && org === undefined) throw validateError('NoSource', 'badInput');
    if (sourceDir !== undefined) {
      for (const flag of ['fix', 'authorizing-user'] as const) {
        if (flags[flag]) throw validateError('OrgModeOnly', 'badInput', [flag], [flag]);
      }
    }
    if (flags['authorizing-user']?.trim() === '') throw inputErrorToSfError(new InputError('authorizing-user', 'text-empty', []));
    const name = flags.name === undefined ? undefined : checkAppName(flags.name);
    const input = checkExpectationInput({
      orgType: flags['org-type'],
      callbackUrl: flags['callback-url'],
      profiles: flags.profile,
      permissionSets: flags['permission-set'],
      sessionTimeoutMinutes: flags['session-timeout'],
    });

    const { checkOrg, checkSource } = await import('../../../validate/check.js');
    let outcome: Awaited<ReturnType<typeof checkOrg>>;
    if (sourceDir !== undefined) {
      outcome = { checked: await checkSource(sourceDir, name, input, this.events(), flags['api-version']) };
    } else {
      // The org gateway (jsforce, zip) loads only when an org is checked: --help and --source-dir stay fast.
      const [{ connectionFor }, { explainSessionFailure }, { DeployInterruptedError, InterruptedAfterDeployError }] = await Promise.all([
        import('../../../org/connection.js'),
        import('../../../org/session.js'),
        import('../../../org/deploy.js'),
      ]);
      const interrupt = takeOverInterrupts(() => process.stderr.write(`\n${messages.getMessage('forced-exit')}\n`));
      outcome = await checkOrg(
        connectionFor(org!, flags['api-version']),
        {
          name: name ?? DEFAULT_APP_NAME,
          orgLabel: org!.getUsername() ?? org!.getOrgId(),
          orgId: org!.getOrgId(),
          input,
          authorizingUsername: flags['authorizing-user'],
          fix: flags.fix,
          signal: interrupt.signal,
        },
        this.events()
      )
        .catch(async (error: unknown) => {
          if (error instanceof DeployInterruptedError) {
            throw validateError('FixInterrupted', 'interrupted', [error.deployId], [this.commandWithoutFix()]);
          }
          if (error instanceof InterruptedAfterDeployError) {
            throw validateError('FixInterruptedAfterDeploy', 'interrupted', [error.deployId ?? '-'], [this.commandWithoutFix()]);
          }
          if (error instanceof InterruptedError) throw validateError('Interrupted', 'interrupted');
          throw await explainSessionFailure(error, org!);
        })
        .finally(() => interrupt.dispose());
    }
    const { checked } = outcome;
    const pass = validationPass(checked.app, checked.findings);
    this.display(pass);
    if (!pass.compliant && org !== undefined && !flags.fix && driftedKinds(checked.findings).length > 0) {
      this.log(messages.getMessage('info.suggest-fix', [sfCommand(['dropzone', 'app', 'validate'], [...this.argv, '--fix'])]));
    }
    const junitFile = flags.junit === undefined ? undefined : await this.writeJunit(flags.junit, checked);
    process.exitCode = exitCodeOf(pass.summary);
    return {
      name: checked.name,
      source: checked.source,
      orgType: checked.expectation.orgType,
      callbackUrl: checked.expectation.context.callbackUrl,
      ...pass,
      ...(junitFile ? { junitFile } : {}),
      ...(outcome.fix ? { fix: outcome.fix } : {}),
    };
  }

  private events(): CheckEvents {
    const progress = stepProgress(this);
    const end = (state: Exclude<StepState, 'start'>): void => progress.stop(stageText(state));
    return {
      checking: (name, source, expectation) =>
        this.log(messages.getMessage('info.source', [name, source.type === 'org' ? source.username : displayPath(source.path), expectation.orgType])),
      reading: (state, name, orgLabel) => (state === 'start' ? progress.start(messages.getMessage('info.reading', [name, orgLabel])) : end(state)),
      fixing: (state, kinds, before) => {
        if (state !== 'start') return end(state);
        // The rows are printed once, after the fix: before it, the summary and what is off say what the fix is for.
        const off = before.findings.filter((finding) => finding.status !== 'pass').map((finding) => finding.id);
        this.log(messages.getMessage('info.before-fix', [before.summary.line, off.join(', ')]));
        progress.start(messages.getMessage('info.fix', [kinds.join(', ')]));
      },
      // The deploy id is what the printed command after an interrupt needs: in view at once, terminal and CI alike.
      fixAccepted: (deployId) => progress.status(messages.getMessage('info.fix-accepted', [deployId])),
      fixStatus: (outcome) => progress.status(`${outcome.id}: ${outcome.status}`),
      fixed: (deployId) => this.log(deployId ? messages.getMessage('info.fixed', [deployId]) : messages.getMessage('info.fixed-by-read-back')),
      nothingToFix: () => this.log(messages.getMessage('info.nothing-to-fix')),
    };
  }

  /** This run's command line without --fix: what shows where the app stands once a --fix deploy is done. */
  private commandWithoutFix(): string {
    return sfCommand(['dropzone', 'app', 'validate'], this.argv.filter((arg) => arg !== '--fix'));
  }

  private display(pass: ValidationPass): void {
    const line = pass.summary.line;
    if (pass.compliant) this.logSuccess(line);
    else this.log(line);
    this.log('');
    for (const text of findingBlocks(pass.findings, { width: outputWidth(), verbose: this.verbose })) this.log(text);
  }

  private async writeJunit(file: string, checked: Checked): Promise<string> {
    const target = path.resolve(file);
    const sourceLabel = checked.source.type === 'org' ? checked.source.username : displayPath(checked.source.path);
    try {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, toJunitXml(checked.findings, { appName: checked.name, source: sourceLabel, timestamp: new Date().toISOString() }), 'utf8');
    } catch (error) {
      throw validateError('JunitWriteFailed', 'error', [displayPath(target), (error as Error).message]);
    }
    this.log(messages.getMessage('info.junit', [displayPath(target)]));
    return target;
  }
}
