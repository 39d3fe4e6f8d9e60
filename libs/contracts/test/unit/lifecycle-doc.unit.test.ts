/**
 * docs/lifecycle.md shows the transition table generated from the code. Run with
 * UPDATE_DOCS=1 to rewrite the generated block after changing the table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lifecycleTableMarkdown } from '../../src/lifecycle';

const file = join(__dirname, '..', '..', '..', '..', 'docs', 'lifecycle.md');
const BEGIN = '<!-- BEGIN GENERATED: lifecycle table -->';
const END = '<!-- END GENERATED: lifecycle table -->';

describe('docs/lifecycle.md', () => {
  it('when the transition table is documented, then the document shows exactly the table in the code', () => {
    const text = readFileSync(file, 'utf8');
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const generated = `${BEGIN}\n${lifecycleTableMarkdown()}\n${END}`;
    if (process.env['UPDATE_DOCS'] === '1') writeFileSync(file, text.slice(0, start) + generated + text.slice(end + END.length));
    else expect(text.slice(start, end + END.length)).toBe(generated);
  });
});
