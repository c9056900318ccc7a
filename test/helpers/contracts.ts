/**
 * The contracts users build on, in a form that diffs: each command's flags (as @salesforce/plugin-command-snapshot
 * records them) and the shape of each command's --json result (every property path with its type and whether it is
 * always there), read from the exported TypeScript result type and from the committed JSON schema.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type CommandSnapshot = {
  alias: string[];
  command: string;
  flagAliases: string[];
  flagChars: string[];
  flags: string[];
  plugin: string;
};

type FlagLike = { char?: string; aliases?: string[]; charAliases?: string[] };
type CommandLike = { aliases?: string[]; flags?: Record<string, FlagLike>; baseFlags?: Record<string, FlagLike> };

export const COMMANDS_DIR = join('src', 'commands', 'dropzone', 'app');

/** The commands' ids (dropzone:app:<verb>) and their source files, in id order. */
export function commandFiles(root: string): Array<{ id: string; file: string }> {
  return readdirSync(join(root, COMMANDS_DIR))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ id: `dropzone:app:${basename(file, '.ts')}`, file: join(root, COMMANDS_DIR, file) }))
    .sort((left, right) => left.id.localeCompare(right.id));
}

/** Every command's flags, chars and aliases, sorted, as the sf plugins' command-snapshot.json holds them. */
export async function commandSnapshots(root: string, plugin: string): Promise<CommandSnapshot[]> {
  const snapshots: CommandSnapshot[] = [];
  for (const { id, file } of commandFiles(root)) {
    const command = ((await import(pathToFileURL(file).href)) as { default: CommandLike }).default;
    const flags = { ...command.baseFlags, ...command.flags };
    const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();
    snapshots.push({
      alias: sorted(command.aliases ?? []),
      command: id,
      flagAliases: sorted(Object.values(flags).flatMap((flag) => [...(flag.aliases ?? []), ...(flag.charAliases ?? [])])),
      flagChars: sorted(Object.values(flags).flatMap((flag) => (flag.char ? [flag.char] : []))),
      flags: sorted(Object.keys(flags)),
      plugin,
    });
  }
  return snapshots;
}

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  definitions?: Record<string, Schema>;
};

/**
 * The shape of a JSON schema as sorted lines `path: type` (`path?` when the property may be absent), refs resolved,
 * unions flattened into the lines of each alternative. Two schemas with the same lines describe the same JSON.
 */
export function schemaShape(root: Schema): string[] {
  const lines = new Set<string>();
  const resolve = (schema: Schema): Schema => {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace(/^#\/definitions\//, '');
    const target = root.definitions?.[decodeURIComponent(name)];
    if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
    return resolve(target);
  };
  const typeOf = (schema: Schema): string => {
    if (schema.type) return ([] as string[]).concat(schema.type).filter((type) => type !== 'null').sort().join('|').replace('integer', 'number');
    const literal = schema.const ?? schema.enum?.[0];
    if (literal !== undefined) return typeof literal;
    return schema.properties ? 'object' : 'any';
  };
  const walk = (raw: Schema, path: string, required: boolean, depth: number): void => {
    if (depth > 12) return;
    const schema = resolve(raw);
    const alternatives = schema.anyOf ?? schema.oneOf ?? schema.allOf;
    if (alternatives) {
      for (const alternative of alternatives) walk(alternative, path, required, depth + 1);
      return;
    }
    if (path) lines.add(`${path}${required ? '' : '?'}: ${typeOf(schema)}`);
    for (const [key, child] of Object.entries(schema.properties ?? {})) walk(child, `${path}.${key}`, schema.required?.includes(key) ?? false, depth + 1);
    if (schema.items) walk(schema.items, `${path}[]`, true, depth + 1);
  };
  walk(root, '', true, 0);
  return [...lines].sort();
}
