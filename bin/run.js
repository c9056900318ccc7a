#!/usr/bin/env node
const { exitUnlessNodeSupported } = await import('./node-version.js');
exitUnlessNodeSupported();
const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
