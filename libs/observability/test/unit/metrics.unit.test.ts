import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { liveServiceMetrics, ServiceMetrics } from '../../src/metrics';
import { readExposition, samplesOf } from '../../src/metrics-text';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ service: 'intake', level: 'warn', destination }), lines };
}

describe('service metrics', () => {
  it('when a gauge is scraped, then it shows what its source reads now, labelled with the service, and drops series the source no longer returns', async () => {
    const metrics = new ServiceMetrics('intake', capturingLogger().logger);
    let readings = [
      { labels: { centre: 'a' }, value: 2 },
      { labels: { centre: 'b' }, value: 1 },
    ];
    metrics.gaugeFrom('test_figure', 'a figure', ['centre'], async () => readings);

    const first = readExposition((await metrics.exposition()).text);
    expect(samplesOf(first, 'test_figure').map((s) => [s.labels, s.value])).toEqual([
      [{ centre: 'a', service: 'intake' }, 2],
      [{ centre: 'b', service: 'intake' }, 1],
    ]);

    readings = [{ labels: { centre: 'a' }, value: 5 }];
    expect(samplesOf(readExposition((await metrics.exposition()).text), 'test_figure').map((s) => s.value)).toEqual([5]);
  });

  it('when a source fails, then its gauge has no series that scrape, the rest of the scrape is served, and the failure is logged', async () => {
    const { logger, lines } = capturingLogger();
    const metrics = new ServiceMetrics('intake', logger);
    metrics.gaugeFrom('test_broken', 'fails', [], async () => {
      throw new Error('store unreachable');
    });
    metrics.gaugeFrom('test_fine', 'works', [], async () => [{ labels: {}, value: 7 }]);

    const samples = readExposition((await metrics.exposition()).text);

    expect(samplesOf(samples, 'test_broken')).toEqual([]);
    expect(samplesOf(samples, 'test_fine', { service: 'intake' }).map((s) => s.value)).toEqual([7]);
    expect(samplesOf(samples, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', metric: 'test_broken', msg: 'metric not read this scrape' })]);
  });

  it('when two services of one process define the same series, then each registry keeps its own and neither collides', async () => {
    const { logger } = capturingLogger();
    const intake = new ServiceMetrics('intake', logger);
    const notifier = new ServiceMetrics('notifier', logger);
    intake.handlerDuration.observe({ consumer_group: 'intake', event_type: 't', outcome: 'ok' }, 0.01);

    const ofNotifier = readExposition((await notifier.exposition()).text);
    expect(samplesOf(ofNotifier, 'motcua_event_handler_duration_seconds_count')).toEqual([]);
    const ofIntake = readExposition((await intake.exposition()).text);
    expect(samplesOf(ofIntake, 'motcua_event_handler_duration_seconds_count', { service: 'intake', consumer_group: 'intake' }).map((s) => s.value)).toEqual([1]);
  });

  it('when a service starts and stops, then it is listed as live in the process only in between', () => {
    const metrics = new ServiceMetrics('tracking', capturingLogger().logger);
    metrics.start();
    expect(liveServiceMetrics()).toContain(metrics);
    metrics.stop();
    expect(liveServiceMetrics()).not.toContain(metrics);
  });
});
