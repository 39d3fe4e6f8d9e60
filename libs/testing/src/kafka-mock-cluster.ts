/**
 * The Kafka mock cluster built into librdkafka, started through `kcat`: it speaks the
 * real protocol (produce, fetch, consumer groups, offsets) and lives in the kcat
 * process's memory until that process is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface MockCluster {
  brokers: string[];
  pid: number;
  stop(): Promise<void>;
}

export async function startKafkaMockCluster(options: { brokers?: number; timeoutMs?: number; kcat?: string } = {}): Promise<MockCluster> {
  const child: ChildProcess = spawn(
    options.kcat ?? 'kcat',
    ['-X', `test.mock.num.brokers=${options.brokers ?? 3}`, '-b', 'localhost:1', '-C', '-t', '__motcua_mock_keepalive', '-q'],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: false },
  );
  const brokers = await new Promise<string[]>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kcat mock cluster did not start within ${options.timeoutMs ?? 10_000} ms: ${stderr}`));
    }, options.timeoutMs ?? 10_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kcat exited with ${code}: ${stderr}`));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /replaced with ([0-9.:,]+)/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(match[1].split(',').filter(Boolean));
      }
    });
  });
  return {
    brokers,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
