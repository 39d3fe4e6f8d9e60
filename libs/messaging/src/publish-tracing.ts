/**
 * PRODUCER spans for published events, shared by both adapters: each event gets a
 * `publish <topic>` span continuing the envelope's own trace (its traceparent) or the
 * active one, and that span's context travels in the message headers, so the consumer's
 * `process <topic>` span hangs under it, whichever bus carried the event.
 */
import { SpanStatusCode, context, trace, type Span } from '@opentelemetry/api';
import { encodeEvent, type WireMessage } from '@motcua/contracts';
import { SpanKind, extractTraceContext, injectTraceHeaders, maskText, tracer } from '@motcua/observability';
import type { PublishRequest } from './event-bus.port';

export interface TracedMessage {
  topic: string;
  message: WireMessage;
}

export interface TracedPublish {
  messages: TracedMessage[];
  /** Ends every span; with an error, marks them failed. */
  end(error?: unknown): void;
}

export function startPublishSpans(system: string, requests: PublishRequest[]): TracedPublish {
  const spans: Span[] = [];
  const messages = requests.map(({ topic, envelope }) => {
    const parent = envelope.traceparent
      ? extractTraceContext({ traceparent: envelope.traceparent, tracestate: envelope.tracestate })
      : context.active();
    const span = tracer().startSpan(
      `publish ${topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': system,
          'messaging.operation.type': 'send',
          'messaging.destination.name': topic,
          'messaging.message.id': envelope.id,
          'cloudevents.event_type': envelope.type,
          'motcua.dossier_id': envelope.subject,
        },
      },
      parent,
    );
    spans.push(span);
    const message = encodeEvent(envelope);
    // Without a registered propagator this writes nothing and the envelope's own traceparent stays.
    injectTraceHeaders(message.headers, trace.setSpan(parent, span));
    return { topic, message };
  });
  return {
    messages,
    end(error?: unknown) {
      for (const span of spans) {
        if (error !== undefined) {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR, message: maskText(error instanceof Error ? error.message : String(error)) });
        }
        span.end();
      }
    },
  };
}
