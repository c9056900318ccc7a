import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { typeByDirectory } from '../../emulator/schema.js';
import { AppFile } from './app-files.js';

/** The field cases copied from real-world file sets (test/fixtures/field/<case>/force-app). */
export const FIELD_DIR = fileURLToPath(new URL('../fixtures/field', import.meta.url));

export const fieldCases = (): string[] => readdirSync(FIELD_DIR).sort();

/** A case's source files as metadata-format deploy files (`-meta.xml` dropped, the type from the folder). */
export function fieldFiles(caseName: string): AppFile[] {
  const root = join(FIELD_DIR, caseName, 'force-app', 'main', 'default');
  return readdirSync(root).flatMap((directory) => {
    const type = typeByDirectory(directory);
    if (!type) throw new Error(`unknown metadata folder ${directory} in ${caseName}`);
    return readdirSync(join(root, directory)).map((file) => {
      const fullName = file.replace(`.${type.suffix}-meta.xml`, '');
      return { type: type.xmlName, fullName, path: `${directory}/${fullName}.${type.suffix}`, xml: readFileSync(join(root, directory, file), 'utf8') };
    });
  });
}
