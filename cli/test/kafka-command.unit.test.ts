import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planTopics, type ProvisionReport } from '@motcua/messaging';
import { defaultTopicsFile, parseProvisionArgs, provisionSummary, readDeclarations } from '../src/kafka-command';

describe('motcua kafka provision', () => {
  it('when no option is given, then the shipped declarations are applied, partitions are not grown, and nothing is a dry run', () => {
    expect(parseProvisionArgs([])).toEqual({ file: defaultTopicsFile, dryRun: false, addPartitions: false });
    expect(parseProvisionArgs(['--replication-factor', '1', '--timeout-s', '90', '--dry-run', '--add-partitions'])).toMatchObject({
      replicationFactor: 1,
      timeoutMs: 90_000,
      dryRun: true,
      addPartitions: true,
    });
  });

  it('when an option is unknown or a number is out of range, then the usage is shown', () => {
    expect(() => parseProvisionArgs(['--force'])).toThrow(/usage: motcua kafka provision/);
    expect(() => parseProvisionArgs(['--replication-factor', '0'])).toThrow(/whole number from 1 to 10/);
    expect(() => parseProvisionArgs(['--file'])).toThrow(/--file needs a value/);
  });

  it('when the replication factor is given for a one-broker cluster, then every shipped topic gets it and min.insync.replicas 1', () => {
    const topics = readDeclarations({ file: defaultTopicsFile, replicationFactor: 1 });
    expect(topics).toHaveLength(11);
    expect(new Set(topics.map((t) => `${t.replicationFactor}/${t.minInsyncReplicas}`))).toEqual(new Set(['1/1']));
  });

  it('when the file is not JSON, then the error names the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-topics-'));
    try {
      const file = join(dir, 'topics.json');
      writeFileSync(file, '{ topics: ');
      expect(() => readDeclarations({ file })).toThrow(new RegExp(`${file}: `));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when changes are pending or conflicts remain, then the exit code says so: 0 in sync, 3 pending, 4 conflicts', () => {
    const topics = readDeclarations({ file: defaultTopicsFile, replicationFactor: 1 });
    const inSync = new Map(topics.map((t) => [t.name, { name: t.name, partitions: t.partitions, replicationFactor: 1 }]));
    const report = (states: typeof inSync, pending: boolean): ProvisionReport => {
      const plan = planTopics(topics, states);
      return { plan, brokers: 1, applied: [], pending: pending ? plan.actions.map((action) => ({ action, reason: 'dry run' })) : [] };
    };
    expect(provisionSummary(report(inSync, false))).toMatchObject({ exitCode: 0, text: expect.stringContaining('topics in sync') });
    const pending = provisionSummary(report(new Map(), true));
    expect(pending.exitCode).toBe(3);
    expect(pending.text).toContain('not applied: 11 change(s): dry run');
    const wider = new Map(inSync).set('motcua.intake.v1', { name: 'motcua.intake.v1', partitions: 99, replicationFactor: 1 });
    expect(provisionSummary(report(wider, false))).toMatchObject({ exitCode: 4, text: expect.stringContaining('conflict       motcua.intake.v1: has 99 partitions') });
  });
});
