/**
 * The dependency rule of STYLE.md, checked against fixtures: a domain/ file that
 * imports express, kafkajs, an adapter library or an entry point must fail lint.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function cruise(target: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(join(root, 'node_modules', '.bin', 'depcruise'), ['--config', '.dependency-cruiser.cjs', '--exclude', '/test/', '--output-type', 'err-long', target], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { ok: true, output };
  } catch (error) {
    return { ok: false, output: String((error as { stdout?: string }).stdout ?? '') };
  }
}

describe('architecture rule: domain/ imports no infrastructure', () => {
  it('when a domain file imports express, kafkajs, a storage adapter and an entry point, then each import is reported', () => {
    const result = cruise('libs/testing/fixtures/architecture/src/domain/leaky.rule.ts');
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/domain-imports-no-infrastructure[\s\S]*express/);
    expect(result.output).toMatch(/kafkajs/);
    expect(result.output).toMatch(/libs\/storage/);
    expect(result.output).toMatch(/entry-points\/handler/);
  });

  it('when a domain file imports only contracts and errors, then it passes', () => {
    expect(cruise('libs/testing/fixtures/architecture/src/domain/clean.rule.ts').ok).toBe(true);
  });

  it('the services and libraries themselves pass', () => {
    const result = cruise('services');
    expect(result.output).not.toMatch(/error/);
    expect(result.ok).toBe(true);
  }, 60_000);
});
