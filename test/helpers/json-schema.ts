/**
 * A small JSON Schema (draft-07) validator for the keywords our committed schemas use: type, properties, required,
 * additionalProperties (boolean or schema), items, enum, pattern, minItems, minLength, const, $ref to #/definitions.
 * It refuses keywords it does not know, so a schema can never silently check less than it says.
 */
export type JsonSchema = {
  $schema?: string;
  $id?: string;
  $ref?: string;
  title?: string;
  description?: string;
  definitions?: Record<string, JsonSchema>;
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minItems?: number;
  minLength?: number;
};

type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

const KNOWN = new Set([
  '$schema', '$id', '$ref', 'title', 'description', 'definitions', 'type', 'properties', 'required',
  'additionalProperties', 'items', 'enum', 'const', 'pattern', 'minItems', 'minLength',
]);

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

function matchesType(value: unknown, type: JsonType): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** Returns every violation as `<json pointer>: <problem>`; empty when the value conforms. */
export function validateJson(value: unknown, schema: JsonSchema, root: JsonSchema = schema, at = ''): string[] {
  const unknown = Object.keys(schema).filter((key) => !KNOWN.has(key));
  if (unknown.length > 0) throw new Error(`schema at ${at || '/'} uses unsupported keywords: ${unknown.join(', ')}`);
  const where = at || '/';
  if (schema.$ref !== undefined) {
    const match = /^#\/definitions\/(.+)$/.exec(schema.$ref);
    const target = match ? root.definitions?.[match[1]] : undefined;
    if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
    return validateJson(value, target, root, at);
  }
  const errors: string[] = [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((type) => matchesType(value, type))) return [`${where}: expected ${types.join(' or ')}, got ${typeOf(value)}`];
  }
  if (schema.enum !== undefined && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    errors.push(`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) {
    errors.push(`${where}: expected ${JSON.stringify(schema.const)}`);
  }
  if (typeof value === 'string') {
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
      errors.push(`${where}: "${value}" does not match ${schema.pattern}`);
    }
    if (schema.minLength !== undefined && [...value].length < schema.minLength) errors.push(`${where}: shorter than ${schema.minLength}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${where}: fewer than ${schema.minItems} items`);
    if (schema.items) value.forEach((item, index) => errors.push(...validateJson(item, schema.items!, root, `${at}/${index}`)));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!(key in object)) errors.push(`${where}: missing required property "${key}"`);
    }
    for (const [key, child] of Object.entries(object)) {
      const propertySchema = schema.properties?.[key];
      if (propertySchema) errors.push(...validateJson(child, propertySchema, root, `${at}/${key}`));
      else if (schema.additionalProperties === false) errors.push(`${where}: unexpected property "${key}"`);
      else if (typeof schema.additionalProperties === 'object') {
        errors.push(...validateJson(child, schema.additionalProperties, root, `${at}/${key}`));
      }
    }
  }
  return errors;
}
