// The ts-node loader by absolute URL: a worker thread (the sf logger's pino transport) inherits the loader flag and
// resolves it from the process's working directory, which the tests change to temporary folders without node_modules.
const { pathToFileURL } = require('node:url');

module.exports = {
  require: ['ts-node/register'],
  'node-option': [`loader=${pathToFileURL(require.resolve('ts-node/esm'))}`, 'no-warnings=ExperimentalWarning'],
  extension: ['ts'],
  recursive: true,
  reporter: './scripts/summary-reporter.cjs',
  timeout: 60000,
};
