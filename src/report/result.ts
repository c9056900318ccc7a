import { AppComponents, SLOT_OF_KIND } from '../metadata/components.js';
import { COMPONENT_KINDS, ComponentKind } from '../metadata/kinds.js';
import { Finding, FindingSummary, summarize } from '../requirements/findings.js';
import { OrgType } from '../spec/app-spec.js';
import { summaryLine } from './text.js';

/** Where the app was read. */
export type ValidationSource =
  | { readonly type: 'org'; readonly username: string; readonly orgId: string; readonly isSandbox: boolean }
  | { readonly type: 'source-dir'; readonly path: string };

export type ComponentPresence = {
  readonly type: ComponentKind;
  /** The API name found, or null when the app lacks the component. */
  readonly fullName: string | null;
};

/** One pass of the checks: what `--fix` reports twice (before and after). */
export type ValidationPass = {
  readonly compliant: boolean;
  readonly summary: FindingSummary & { readonly line: string };
  readonly components: readonly ComponentPresence[];
  readonly findings: readonly Finding[];
};

export type FixOutcome = {
  /** The component types redeployed (those with a failing or warning row). */
  readonly redeployed: readonly ComponentKind[];
  /** Absent when the deploy request failed in transit but the org shows that it went through. */
  readonly deployId?: string;
  /** The checks before the fix; the top level of the result holds the checks after it. */
  readonly before: ValidationPass;
};

/** The `--json` result of `sf dropzone app validate` (schemas/dropzone-app-validate.json). */
export type AppValidateResult = ValidationPass & {
  readonly name: string;
  readonly source: ValidationSource;
  /** The org type the callback URL was expected for (stated by --org-type, else read from the org, else production). */
  readonly orgType: OrgType;
  readonly callbackUrl: string;
  /** The JUnit report written with --junit. */
  readonly junitFile?: string;
  readonly fix?: FixOutcome;
};

export function presenceOf(app: AppComponents): ComponentPresence[] {
  return COMPONENT_KINDS.map((type) => ({ type, fullName: app[SLOT_OF_KIND[type]]?.fullName ?? null }));
}

export function validationPass(app: AppComponents, findings: readonly Finding[]): ValidationPass {
  const summary = summarize(findings);
  return { compliant: summary.compliant, summary: { ...summary, line: summaryLine(summary) }, components: presenceOf(app), findings };
}
