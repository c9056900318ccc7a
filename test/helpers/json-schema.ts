/**
 * Checks a command's --json result against its committed JSON schema (draft-07) with Ajv, the validator
 * @salesforce/core itself uses, strict so that a keyword Ajv does not know fails instead of checking less. Violations
 * read `<json pointer>: <problem>`, worded for a test failure.
 */
import { Ajv, type ErrorObject } from 'ajv';

export type JsonSchema = Record<string, unknown>;

// By content: tests read a schema file more than once, and one Ajv refuses a second schema with the same $id.
const compiled = new Map<string, ReturnType<Ajv['compile']>>();

function explain(error: ErrorObject, data: unknown): string {
  const where = error.instancePath || '/';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where}: unexpected property "${String(params.additionalProperty)}"`;
    case 'required':
      return `${where}: missing required property "${String(params.missingProperty)}"`;
    case 'enum':
      return `${where}: ${JSON.stringify(data)} is not one of ${JSON.stringify(params.allowedValues)}`;
    case 'pattern':
      return `${where}: ${JSON.stringify(data)} does not match ${String(params.pattern)}`;
    default:
      return `${where}: ${error.message ?? error.keyword}`;
  }
}

/** The value at a JSON pointer (Ajv's instancePath) inside `root`. */
function at(root: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), root);
}

/** Returns every violation as `<json pointer>: <problem>`; empty when the value conforms. */
export function validateJson(value: unknown, schema: JsonSchema): string[] {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = new Ajv({ allErrors: true, strict: true, unicodeRegExp: true }).compile(schema);
    compiled.set(key, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => explain(error, at(value, error.instancePath)));
}
