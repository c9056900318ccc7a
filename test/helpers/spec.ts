import { AppSpec } from '../../src/spec/app-spec.js';
import { SpecInput, buildAppSpec } from '../../src/spec/validate-input.js';

/** A valid spec input for tests: a production org, System Administrator pre-authorized, API 66.0. */
export const TEST_SPEC_INPUT: SpecInput = {
  name: 'Dropzone',
  label: 'Dropzone',
  contactEmail: 'admin@example.com',
  orgType: 'production',
  profiles: ['System Administrator'],
  permissionSets: [],
  apiVersion: '66.0',
};

/** The validated spec of TEST_SPEC_INPUT with the given changes. */
export function testSpec(overrides: Partial<SpecInput> = {}): AppSpec {
  return buildAppSpec({ ...TEST_SPEC_INPUT, ...overrides });
}
