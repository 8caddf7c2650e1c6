// Runtime resolution of the workspace libraries for the compiled tree in dist/ (the same mapping
// as tsconfig.base.json "paths", pointed at the emitted JavaScript).
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');
tsconfigPaths.register({
  baseUrl: path.join(__dirname, '..', 'dist'),
  paths: { '@ramprognos/*': ['libs/*/src/index.js'] },
});
