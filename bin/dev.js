#!/usr/bin/env -S node --loader ts-node/esm --no-warnings=ExperimentalWarning
const { exitUnlessNodeSupported } = await import('./node-version.js');
exitUnlessNodeSupported();
const { execute } = await import('@oclif/core');
await execute({ development: true, dir: import.meta.url });
