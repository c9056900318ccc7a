import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Org } from '@salesforce/core';
import { Messages } from '@salesforce/core/messages';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { AppComponents } from '../../../metadata/components.js';
import type { DeployedApp } from '../../../org/types.js';
import { exitCodeOf } from '../../../report/exit-codes.js';
import { toJunitXml } from '../../../report/junit.js';
import { AppValidateResult, FixOutcome, ValidationPass, ValidationSource, validationPass } from '../../../report/result.js';
import { ROW_COLUMNS, toRows } from '../../../report/rows.js';
import { driftedKinds, evaluate } from '../../../requirements/engine.js';
import { Finding } from '../../../requirements/findings.js';
import { DEFAULT_APP_NAME } from '../../../spec/app-spec.js';
import { displayPath } from '../../../util/display-path.js';
import { validateError } from '../../../validate/errors.js';
import { Expectation, ExpectationInput, checkAppName, checkExpectationInput, expectationFor } from '../../../validate/expectation.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-dropzone', 'dropzone.app.validate');

export type { AppValidateResult } from '../../../report/result.js';

/** How long --fix waits for its deploy. */
const FIX_WAIT_MINUTES = 10;

type OrgOptions = {
  readonly apiVersion?: string;
  readonly name: string;
  readonly input: ExpectationInput;
  readonly authorizingUsername?: string;
  readonly fix: boolean;
};

/** One validation, before it is formatted. */
type Checked = {
  readonly name: string;
  readonly app: AppComponents;
  readonly findings: Finding[];
  readonly source: ValidationSource;
  readonly expectation: Expectation;
};

export default class AppValidate extends SfCommand<AppValidateResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    name: Flags.string({
      char: 'n',
      summary: messages.getMessage('flags.name.summary'),
      description: messages.getMessage('flags.name.description'),
    }),
    'source-dir': Flags.directory({
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
      multiple: true,
    }),
    'session-timeout': Flags.integer({
      summary: messages.getMessage('flags.session-timeout.summary'),
    }),
    'authorizing-user': Flags.string({
      summary: messages.getMessage('flags.authorizing-user.summary'),
    }),
    junit: Flags.file({
      summary: messages.getMessage('flags.junit.summary'),
    }),
    fix: Flags.boolean({
      summary: messages.getMessage('flags.fix.summary'),
      default: false,
    }),
  };

  public async run(): Promise<AppValidateResult> {
    const { flags } = await this.parse(AppValidate);
    const sourceDir = flags['source-dir'];
    const org = flags['target-org'] as Org | undefined;
    if (sourceDir === undefined && org === undefined) throw validateError('NoSource', 'badInput');
    if (sourceDir !== undefined) {
      for (const flag of ['fix', 'authorizing-user'] as const) {
        if (flags[flag]) throw validateError('OrgModeOnly', 'badInput', [flag], [flag]);
      }
    }
    const name = flags.name === undefined ? undefined : checkAppName(flags.name);
    const input = checkExpectationInput({
      orgType: flags['org-type'],
      callbackUrl: flags['callback-url'],
      profiles: flags.profile,
      permissionSets: flags['permission-set'],
      sessionTimeoutMinutes: flags['session-timeout'],
    });

    const outcome =
      sourceDir !== undefined
        ? { checked: await this.checkSource(sourceDir, name, input) }
        : await this.checkOrg(org!, {
            apiVersion: flags['api-version'],
            name: name ?? DEFAULT_APP_NAME,
            input,
            authorizingUsername: flags['authorizing-user'],
            fix: flags.fix,
          });
    const { checked } = outcome;
    const pass = validationPass(checked.app, checked.findings);
    this.display(pass);
    const junitFile = flags.junit === undefined ? undefined : await this.writeJunit(flags.junit, checked);
    process.exitCode = exitCodeOf(pass.summary);
    return {
      name: checked.name,
      source: checked.source,
      orgType: checked.expectation.orgType,
      callbackUrl: checked.expectation.context.callbackUrl,
      ...pass,
      ...(junitFile ? { junitFile } : {}),
      ...('fix' in outcome && outcome.fix ? { fix: outcome.fix } : {}),
    };
  }

  private async checkSource(dir: string, name: string | undefined, input: ExpectationInput): Promise<Checked> {
    const { readApps, selectApp } = await import('../../../validate/source.js');
    const selected = selectApp(await readApps(dir), dir, name);
    const expectation = expectationFor(input);
    this.log(messages.getMessage('info.source', [selected.name, displayPath(dir), expectation.orgType]));
    return {
      ...selected,
      findings: evaluate(selected.app, expectation.context),
      source: { type: 'source-dir', path: path.resolve(dir) },
      expectation,
    };
  }

  private async checkOrg(org: Org, options: OrgOptions): Promise<{ checked: Checked; fix?: FixOutcome }> {
    // The org gateway (jsforce, zip) loads only when an org is checked: --help and --source-dir stay fast.
    const [{ connectionFor }, { readOrgState }, { assertAccessNamesExist, assertAuthorizingUserFound, engineFacts, orgTypeOf }] = await Promise.all([
      import('../../../org/connection.js'),
      import('../../../validate/org.js'),
      import('../../../validate/org-facts.js'),
    ]);
    const conn = connectionFor(org, options.apiVersion);
    const orgLabel = org.getUsername() ?? org.getOrgId();
    const { name, input, authorizingUsername } = options;
    this.spinner.start(messages.getMessage('info.reading', [name, orgLabel]));
    const { snapshot, deployed } = await readOrgState(conn, { appName: name, authorizingUsername, orgLabel }).finally(() =>
      this.spinner.stop()
    );
    assertAccessNamesExist(snapshot, input.profiles ?? [], input.permissionSets ?? [], orgLabel);
    assertAuthorizingUserFound(snapshot, authorizingUsername, orgLabel);
    const expectation = expectationFor(input, orgTypeOf(snapshot));
    const source: ValidationSource = { type: 'org', username: orgLabel, orgId: snapshot.orgId || org.getOrgId(), isSandbox: snapshot.isSandbox };
    this.log(messages.getMessage('info.source', [name, orgLabel, expectation.orgType]));
    const check = (app: AppComponents, settings: DeployedApp['settings']): Checked => ({
      name,
      app,
      findings: evaluate(app, expectation.context, engineFacts(snapshot, { components: app, settings }, authorizingUsername)),
      source,
      expectation,
    });
    const checked = check(deployed.components, deployed.settings);
    if (!options.fix) return { checked };

    const before = validationPass(checked.app, checked.findings);
    const { fixApp } = await import('../../../validate/fix.js');
    const kinds = driftedKinds(checked.findings);
    if (kinds.length === 0) {
      this.log(messages.getMessage('info.nothing-to-fix'));
      return { checked };
    }
    this.display(before);
    this.spinner.start(messages.getMessage('info.fix', [kinds.join(', ')]));
    const fixed = await fixApp(conn, {
      name,
      app: deployed.components,
      findings: checked.findings,
      expectation,
      authorizingProfile: (snapshot.authorizingUser ?? snapshot.runningUser).profileName,
      apiVersion: conn.getApiVersion(),
      waitMinutes: FIX_WAIT_MINUTES,
      onStatus: (status) => {
        this.spinner.status = status.status;
      },
    }).finally(() => this.spinner.stop());
    const { readDeployedApp } = await import('../../../org/read-app.js');
    const after = await readDeployedApp(conn, name);
    if (!after) throw validateError('AppNotInOrg', 'error', [orgLabel, name], [orgLabel]);
    this.log(messages.getMessage('info.fixed', [fixed!.deployId ?? 'confirmed by reading the org back']));
    return { checked: check(after.components, after.settings), fix: { redeployed: fixed!.redeployed, ...(fixed!.deployId ? { deployId: fixed!.deployId } : {}), before } };
  }

  private display(pass: ValidationPass): void {
    this.table({ data: toRows(pass.findings), columns: [...ROW_COLUMNS], overflow: 'wrap' });
    const line = pass.summary.line;
    if (pass.compliant) this.logSuccess(line);
    else this.log(line);
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
