#!/usr/bin/env node
// The motcua command. Tracing starts first so instrumentation patches http,
// express, kafkajs and mongoose before anything imports them.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

if (!existsSync(join(__dirname, '..', 'cli', 'dist', 'main.js'))) {
  process.stderr.write('motcua is not built yet: run `npm run build` (npm start does it for you)\n');
  process.exit(1);
}
require('@motcua/observability/register');
require('../cli/dist/main.js').main(process.argv.slice(2));
