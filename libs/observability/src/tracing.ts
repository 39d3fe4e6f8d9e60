/**
 * OpenTelemetry start-up. `startTracing` runs the NodeSDK with HTTP, express,
 * mongoose and pino instrumentation; it must run before those modules are first
 * required (see register.ts, loaded with `node --require`). Kafka spans come from
 * libs/messaging itself (`publish <topic>` / `process <topic>`, the same on both
 * buses): the kafkajs auto-instrumentation is deliberately off because it rewrites
 * each message's traceparent from the context active at `send` time, which for an
 * outbox relay publishing a batch of many dossiers' events is none of theirs. A tracer
 * provider is always installed, so trace ids exist and travel in events even
 * when nothing is exported; OTLP export starts when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { MongooseInstrumentation } from '@opentelemetry/instrumentation-mongoose';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TracingSettings {
  serviceName: string;
  /** OTLP/HTTP base URL, e.g. http://localhost:4318; traces go to `<url>/v1/traces`. */
  otlpEndpoint?: string | undefined;
  /** Extra exporter (tests: in-memory). */
  exporter?: SpanExporter;
  instrument?: boolean;
}

let sdk: NodeSDK | undefined;

export function startTracing(settings: TracingSettings): void {
  if (sdk) return;
  // motcua exports traces only; without these the SDK sets up OTLP metric and log
  // exporters from defaults and spends seconds at shutdown retrying a missing collector.
  process.env['OTEL_METRICS_EXPORTER'] ??= 'none';
  process.env['OTEL_LOGS_EXPORTER'] ??= 'none';
  const processors: SpanProcessor[] = [];
  if (settings.otlpEndpoint) {
    const url = `${settings.otlpEndpoint.replace(/\/$/, '')}/v1/traces`;
    // Half a second unless the standard OTEL_BSP_SCHEDULE_DELAY says otherwise (the SDK reads it only when no value is passed).
    const batch = process.env['OTEL_BSP_SCHEDULE_DELAY'] ? {} : { scheduledDelayMillis: 500 };
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url }), batch));
  }
  if (settings.exporter) processors.push(new SimpleSpanProcessor(settings.exporter));
  // Without a processor NodeSDK installs no tracer provider and every trace id would be zero.
  if (processors.length === 0) processors.push(new NoopSpanProcessor());
  sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName, [ATTR_SERVICE_VERSION]: '0.1.0' }),
    spanProcessors: processors,
    instrumentations:
      settings.instrument === false
        ? []
        : [
            new HttpInstrumentation({
              // Probes are not traced. Callbacks from gateways that cannot send headers (Kannel's
              // delivery reports) carry the trace context in the URL: the runtime's request span
              // continues it, which the auto-instrumentation's span (headers only) cannot.
              ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)/.test(req.url ?? '') || /[?&]traceparent=/.test(req.url ?? ''),
            }),
            new ExpressInstrumentation(),
            new MongooseInstrumentation(),
            new PinoInstrumentation({ disableLogSending: true }),
          ],
  });
  sdk.start();
}

/** Flushes pending spans; part of every service's graceful shutdown. */
export async function shutdownTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  if (running) await running.shutdown();
}
