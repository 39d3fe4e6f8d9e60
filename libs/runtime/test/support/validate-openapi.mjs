// Validates OpenAPI documents with @seriousme/openapi-schema-validator, which is an
// ES module only: the jest tests (CommonJS) run this in a child process. Reads
// `{ "<name>": <document>, … }` on stdin, writes `{ "<name>": { valid, errors, version } }`.
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';

const documents = JSON.parse(readFileSync(0, 'utf8'));
const results = {};
for (const [name, document] of Object.entries(documents)) {
  const validator = new Validator();
  const result = await validator.validate(document);
  results[name] = { valid: result.valid, errors: result.errors ?? [], version: validator.version };
}
process.stdout.write(JSON.stringify(results));
