/**
 * Reads the Prometheus text a `/metrics` answers back into flat samples: how tracking
 * gathers the figures of services in other processes, and how tests check the figures
 * a scrape shows.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export interface ScrapedSample {
  /** As on the line: a histogram gives `<name>_bucket`, `<name>_sum` and `<name>_count`. */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function readExposition(text: string): ScrapedSample[] {
  // Every line is read as an untyped sample: the parser's grouping of histogram lines
  // loses the labels and the count of prom-client's output, and plain samples are all we need.
  const untyped = text
    .split('\n')
    .filter((line) => !line.startsWith('# TYPE '))
    .join('\n');
  return parsePrometheusTextFormat(untyped).flatMap((family) =>
    family.metrics.map((sample) => ({ name: family.name, labels: sample.labels ?? {}, value: Number(sample.value) })),
  );
}

/** The samples named `name` whose labels include every one of `labels`. */
export function samplesOf(samples: readonly ScrapedSample[], name: string, labels: Record<string, string> = {}): ScrapedSample[] {
  return samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
}
