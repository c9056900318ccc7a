// Regenerates docs/requirements.md and the README's requirements section from the requirements table (npm run docs).
import { readFile, writeFile } from 'node:fs/promises';
import { renderRequirementsDoc } from '../src/requirements/doc.js';
import { withRequirementsSection } from './readme-requirements.js';

const doc = renderRequirementsDoc();
await writeFile(new URL('../docs/requirements.md', import.meta.url), doc);
const readme = new URL('../README.md', import.meta.url);
await writeFile(readme, withRequirementsSection(await readFile(readme, 'utf8'), doc));
console.log('docs/requirements.md and the README requirements section written');
