/**
 * pino JSON logger: every line carries `service`, and the active `trace_id` /
 * `span_id`; callers add `dossier_id`. Personal data is masked in every field and
 * in the message, whatever its depth.
 */
import pino, { type Logger, type LoggerOptions } from 'pino';
import { trace } from '@opentelemetry/api';
import { maskPersonalData, maskText } from './personal-data';

export type { Logger };

export interface LoggerSettings {
  service: string;
  level?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read them back. */
  destination?: pino.DestinationStream;
}

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? process.env['LOG_LEVEL'] ?? 'info',
    base: { service: settings.service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => maskPersonalData(object),
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === 'string' ? maskText(arg) : arg)) as Parameters<typeof method>;
        method.apply(this, masked);
      },
    },
    mixin() {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const context = span.spanContext();
      return { trace_id: context.traceId, span_id: context.spanId };
    },
    serializers: { err: (error: unknown) => maskPersonalData(pino.stdSerializers.err(error as Error)) },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
