import type { Connection } from '@salesforce/core';
import { Messages } from '@salesforce/core/messages';
import { Flags, toHelpSection } from '@salesforce/sf-plugins-core';
import { OrgCommand } from '../../../cli/org-command.js';
import { existingAppFlags } from '../../../flags/org-flags.js';
import { AppComponents } from '../../../metadata/components.js';
import { openBrowser } from '../../../oauth/browser.js';
import { DeviceAuthorization, PollEvent } from '../../../oauth/device-flow.js';
import { Diagnosis, LoginFailure, diagnose } from '../../../oauth/diagnose.js';
import { NETWORK_ERROR } from '../../../oauth/http.js';
import { LOGIN_HOSTS, checkLoginUrl, readOrgType } from '../../../oauth/login-url.js';
import { SmokeStepName, StepStatus, runLoginSmokeTest } from '../../../oauth/smoke-test.js';
import { parseErrorsAreBadInput } from '../../../flags/parse-errors.js';
import { connectionFor } from '../../../org/connection.js';
import { MIN_CREDENTIALS_API_VERSION, readCredentials } from '../../../org/credentials.js';
import { readDeployedApp } from '../../../org/read-app.js';
import { EXIT_BAD_INPUT } from '../../../spec/errors.js';
import { checkAppName } from '../../../validate/expectation.js';
import { EXIT_INTERRUPTED, takeOverInterrupts } from '../../../util/interrupt.js';
import { errorCodeDescriptions, requestTimeoutVariable } from '../../../cli/help-sections.js';
import { StepProgress, stepProgress } from '../../../ux/step-progress.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-dropzone', 'dropzone.app.verify-login');
const credentialMessages = Messages.loadMessages('plugin-dropzone', 'dropzone.app.credentials');

/** 0 the refresh without the secret worked; 3 the smoke test ran and failed; 1 could not start; (2 bad input). */
export const VERIFY_LOGIN_EXIT = { passed: 0, failed: 3, notStarted: 1 } as const;

export type VerifyLoginStepName = 'read-key' | SmokeStepName;

export type VerifyLoginStep = { name: VerifyLoginStepName; status: StepStatus };

export type AppVerifyLoginResult = {
  passed: boolean;
  name: string;
  username: string;
  loginUrl: string;
  loginUrlSource: 'flag' | 'sandbox' | 'production';
  keySource: 'rest' | 'metadata';
  verificationUrl?: string;
  userCode?: string;
  grantedScopes?: string[];
  refreshTokenIssued: boolean;
  tokensRevoked: boolean;
  steps: VerifyLoginStep[];
  failure?: LoginFailure;
  diagnosis: Diagnosis[];
};

const STEP_ORDER: readonly SmokeStepName[] = ['device-authorization', 'user-approval', 'refresh', 'revoke'];

/** The verification URL with the user code filled in, so that one click lands on the approval page. */
function urlWithCode(authorization: DeviceAuthorization): string {
  try {
    const url = new URL(authorization.verificationUri);
    url.searchParams.set('user_code', authorization.userCode);
    return url.toString();
  } catch {
    return authorization.verificationUri;
  }
}

export default class AppVerifyLogin extends OrgCommand<AppVerifyLoginResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');
  public static readonly configurationVariablesSection = toHelpSection('CONFIGURATION VARIABLES', 'target-org', 'org-api-version');
  public static readonly envVariablesSection = toHelpSection('ENVIRONMENT VARIABLES', 'SF_TARGET_ORG', requestTimeoutVariable());
  public static readonly errorCodes = toHelpSection(
    'ERROR CODES',
    errorCodeDescriptions(messages, { Passed: VERIFY_LOGIN_EXIT.passed, Failed: 1, BadInput: EXIT_BAD_INPUT, LoginFailed: VERIFY_LOGIN_EXIT.failed, Interrupted: EXIT_INTERRUPTED })
  );

  public static readonly flags = {
    ...existingAppFlags,
    'login-url': Flags.string({
      char: 'r',
      summary: messages.getMessage('flags.login-url.summary'),
      description: messages.getMessage('flags.login-url.description'),
    }),
    timeout: Flags.integer({ summary: messages.getMessage('flags.timeout.summary'), default: 600, min: 1 }),
    'no-browser': Flags.boolean({ summary: messages.getMessage('flags.no-browser.summary'), default: false }),
  };

  private readonly stepOutput: StepProgress = stepProgress(this);

  public async run(): Promise<AppVerifyLoginResult> {
    const { flags } = await this.parse(AppVerifyLogin).catch(parseErrorsAreBadInput);
    const name = checkAppName(flags.name);
    const apiVersion = flags['api-version'];
    if (apiVersion !== undefined && Number(apiVersion) < MIN_CREDENTIALS_API_VERSION) {
      throw credentialMessages.createError('ApiVersionTooLow', [apiVersion, String(MIN_CREDENTIALS_API_VERSION)], [String(MIN_CREDENTIALS_API_VERSION)], EXIT_BAD_INPUT);
    }
    let flagUrl: string | undefined;
    if (flags['login-url'] !== undefined) {
      const checked = checkLoginUrl(flags['login-url']);
      if (!checked.ok) throw messages.createError('InvalidLoginUrl', [flags['login-url'], messages.getMessage(`login-url.${checked.problem}`)], [], EXIT_BAD_INPUT);
      flagUrl = checked.url;
    }

    const org = flags['target-org'];
    const username = org.getUsername() ?? org.getOrgId();
    const conn = connectionFor(org, apiVersion);
    const progress = this.stepOutput;
    const [credentials, loginUrlSource] = await progress.run(
      messages.getMessage('info.reading-key', [name, username]),
      Promise.all([
        readCredentials(conn, {
          appName: name,
          withSecret: false,
          orgLabel: username,
          onKeyFallback: (refusal) => this.warn(credentialMessages.getMessage('warning.key-from-metadata', [refusal.message])),
        }),
        flagUrl !== undefined ? Promise.resolve('flag' as const) : readOrgType(conn),
      ])
    );
    const loginUrl = flagUrl ?? LOGIN_HOSTS[loginUrlSource as keyof typeof LOGIN_HOSTS];
    this.log(messages.getMessage('info.login-host', [loginUrl, messages.getMessage(`info.login-host.${loginUrlSource}`)]));

    const interrupt = takeOverInterrupts(() => process.stderr.write(`\n${messages.getMessage('forced-exit', [name])}\n`));
    const run = await runLoginSmokeTest({
      loginUrl,
      clientId: credentials.key,
      timeoutMs: flags.timeout * 1000,
      onDeviceCode: (authorization) => this.showUserCode(authorization, !flags['no-browser'], flags.timeout),
      onPollEvent: (event) => this.showPollEvent(event),
      signal: interrupt.signal,
    }).finally(() => interrupt.dispose());
    if (run.interrupted) {
      progress.stop(messages.getMessage('info.interrupted'));
      const { revoked, total } = run.revoked;
      if (revoked < total) throw messages.createError('InterruptedNotRevoked', [String(revoked), String(total)], [name], EXIT_INTERRUPTED);
      throw messages.createError('Interrupted', [String(total)], [], EXIT_INTERRUPTED);
    }
    progress.stop(run.steps['user-approval']);
    // No answer at all from the login host at the first step: the test never started, so nothing about the app is
    // known — that is "could not start" (exit 1), not a failed test (3) with a diagnosis of the app's settings.
    if (run.failure?.step === 'device-authorization' && run.failure.code === NETWORK_ERROR) {
      throw messages.createError('LoginHostUnreachable', [loginUrl, run.failure.description ?? run.failure.code], [], VERIFY_LOGIN_EXIT.notStarted);
    }

    const diagnosis = diagnose(run.failure, await this.readAppQuietly(conn, name, run.passed));
    const result: AppVerifyLoginResult = {
      passed: run.passed,
      name: credentials.appName,
      username,
      loginUrl,
      loginUrlSource,
      keySource: credentials.keySource,
      ...(run.authorization ? { verificationUrl: run.authorization.verificationUri, userCode: run.authorization.userCode } : {}),
      ...(run.grantedScopes ? { grantedScopes: [...run.grantedScopes] } : {}),
      refreshTokenIssued: run.refreshTokenIssued,
      tokensRevoked: run.revoked.revoked === run.revoked.total,
      steps: [{ name: 'read-key', status: 'passed' }, ...STEP_ORDER.map((step) => ({ name: step, status: run.steps[step] }))],
      ...(run.failure ? { failure: run.failure } : {}),
      diagnosis,
    };
    this.report(result, run.revoked);
    process.exitCode = run.passed ? VERIFY_LOGIN_EXIT.passed : VERIFY_LOGIN_EXIT.failed;
    return result;
  }

  private showUserCode(authorization: DeviceAuthorization, browser: boolean, timeoutSeconds: number): void {
    const direct = urlWithCode(authorization);
    const line = messages.getMessage('info.approve', [authorization.verificationUri, authorization.userCode, direct]);
    // Under --json nothing but the result goes to stdout, yet the person approving needs the code now.
    if (this.jsonEnabled()) process.stderr.write(`${line}\n`);
    else this.log(line);
    if (browser) openBrowser(direct);
    this.stepOutput.start(messages.getMessage('info.waiting', [String(timeoutSeconds)]));
  }

  private showPollEvent(event: PollEvent): void {
    if (event.kind === 'slow-down') this.stepOutput.status(messages.getMessage('info.slow-down', [String(event.intervalSeconds)]));
  }

  /** The app as deployed, to explain a failure (or warn after a pass); undefined, with a warning, when unreadable. */
  private async readAppQuietly(conn: Connection, name: string, passed: boolean): Promise<AppComponents | undefined> {
    try {
      return (await this.stepOutput.run(messages.getMessage('info.reading-app'), readDeployedApp(conn, name)))?.components;
    } catch (error) {
      if (!passed) this.warn(messages.getMessage('warning.app-unread', [(error as Error).message]));
      return undefined;
    }
  }

  private report(result: AppVerifyLoginResult, revoked: { revoked: number; total: number }): void {
    this.table({
      data: result.steps.map((step) => ({ step: messages.getMessage(`step.${step.name}`), status: step.status })),
      columns: [
        { key: 'step', name: 'Step' },
        { key: 'status', name: 'Status' },
      ],
    });
    if (result.passed) this.logSuccess(messages.getMessage('info.passed', [result.name]));
    else if (result.failure) this.log(messages.getMessage('info.failed', [messages.getMessage(`step.${result.failure.step}`)]));
    for (const diagnosis of result.diagnosis) {
      const input = { name: diagnosis.cause, message: diagnosis.message, actions: diagnosis.action ? [diagnosis.action] : [] };
      if (diagnosis.severity === 'warning') this.warn(input);
      else this.info(input);
    }
    if (revoked.total > 0 && revoked.revoked === revoked.total) this.log(messages.getMessage('info.revoked', [String(revoked.total)]));
    if (revoked.revoked < revoked.total) this.warn(messages.getMessage('warning.not-revoked', [String(revoked.revoked), String(revoked.total), result.name]));
  }
}
