// Regenerates docs/requirements.md from the requirements table (npm run docs).
import { writeFile } from 'node:fs/promises';
import { renderRequirementsDoc } from '../src/requirements/doc.js';

await writeFile(new URL('../docs/requirements.md', import.meta.url), renderRequirementsDoc());
console.log('docs/requirements.md written');
