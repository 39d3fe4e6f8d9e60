/**
 * Loaded with `node --require @motcua/observability/register` (or first thing in
 * bin/motcua.js) so instrumentation patches http, express, kafkajs and mongoose
 * before any of them is imported.
 */
import { startTracing } from './tracing';

startTracing({
  serviceName: process.env['OTEL_SERVICE_NAME'] ?? (process.env['MOTCUA_SERVICE'] ? `motcua-${process.env['MOTCUA_SERVICE']}` : 'motcua'),
  otlpEndpoint: process.env['OTEL_EXPORTER_OTLP_ENDPOINT'],
});
