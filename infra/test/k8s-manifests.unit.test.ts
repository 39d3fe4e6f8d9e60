/**
 * The Kubernetes manifests of infra/k8s: valid against the Kubernetes API schemas (the
 * npm package kubernetes-models, through infra/k8s/validate-manifests.mjs, an ES module
 * run as its own process), and shaped as docs/operations.md says: every service with
 * readiness on /readyz and liveness on /healthz, its Service and disruption budget,
 * autoscaling for processing and the notifier, secrets only by reference, and the Job
 * that provisions the topics.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const k8sDir = join(__dirname, '..', 'k8s');
const validator = join(k8sDir, 'validate-manifests.mjs');
const services = ['intake', 'processing', 'signing', 'return', 'notifier', 'tracking'];

interface Result {
  file: string;
  object?: string;
  kind?: string;
  ok: boolean;
  errors?: string[];
}

function validate(dir: string): { code: number; results: Result[] } {
  try {
    return { code: 0, results: JSON.parse(execFileSync(process.execPath, [validator, dir, '--json'], { encoding: 'utf8' })) as Result[] };
  } catch (error) {
    const failed = error as { status: number; stdout: string };
    return { code: failed.status, results: JSON.parse(failed.stdout) as Result[] };
  }
}

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string }; spec?: Record<string, unknown> };
const objects: K8sObject[] = readdirSync(k8sDir)
  .filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')
  .flatMap((name) => parseAllDocuments(readFileSync(join(k8sDir, name), 'utf8')).map((doc) => doc.toJS() as K8sObject));
const find = (kind: string, name: string): K8sObject | undefined => objects.find((o) => o.kind === kind && o.metadata.name === name);

interface Container {
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
}
const containerOf = (deployment: K8sObject): Container =>
  ((deployment.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers[0]) as Container;

describe('Kubernetes manifests (infra/k8s)', () => {
  it('when every manifest is checked against the Kubernetes schemas, then every object is valid', () => {
    const { code, results } = validate(k8sDir);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(code).toBe(0);
    expect(results.length).toBe(objects.length);
  });

  it('when a manifest has a wrong type or an unknown kind, then the validator names the object and the field, and fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-k8s-'));
    try {
      writeFileSync(join(dir, 'bad.yaml'), readFileSync(join(k8sDir, 'intake.yaml'), 'utf8').replace('replicas: 2', 'replicas: two') + '---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n');
      const { code, results } = validate(dir);
      expect(code).toBe(1);
      expect(results.find((r) => r.object === 'Deployment/intake')).toMatchObject({ ok: false, errors: ['/spec/replicas must be integer'] });
      expect(results.find((r) => r.object === 'Widget/w')).toMatchObject({ ok: false, errors: [expect.stringMatching(/unknown apiVersion\/kind/)] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(services)('when %s is deployed, then it is ready on /readyz, alive on /healthz, has a Service and a disruption budget, and reads secrets only by reference', (name) => {
    const deployment = find('Deployment', name) as K8sObject;
    const container = containerOf(deployment);
    expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'motcua-config' } }]);
    const secretLike = (container.env ?? []).filter((e) => /SECRET|PASSWORD|PASSPHRASE|MONGO_URL|TOKEN/.test(e.name));
    expect(secretLike.length).toBeGreaterThan(0);
    for (const variable of secretLike) expect(variable).toEqual({ name: variable.name, valueFrom: { secretKeyRef: { name: 'motcua-secrets', key: variable.name } } });
    expect(find('Service', name)).toBeDefined();
    expect(find('PodDisruptionBudget', name)).toBeDefined();
  });

  it('when processing and the notifier are deployed, then an autoscaler owns their replicas, at least two, at most one per partition', () => {
    const topics = JSON.parse(readFileSync(join(__dirname, '..', 'kafka', 'topics.json'), 'utf8')) as { topics: { name: string; partitions: number }[] };
    const partitions = Math.min(...topics.topics.map((t) => t.partitions));
    for (const name of ['processing', 'notifier']) {
      const hpa = find('HorizontalPodAutoscaler', name)?.spec as { scaleTargetRef: { name: string }; minReplicas: number; maxReplicas: number };
      expect(hpa).toMatchObject({ scaleTargetRef: { name }, minReplicas: 2 });
      expect(hpa.maxReplicas).toBeLessThanOrEqual(partitions);
      expect((find('Deployment', name)?.spec as { replicas?: number }).replicas).toBeUndefined();
    }
  });

  it('when a service creates a topic before the provisioning Job has run, then it gets the partitions and replicas every declaration has', () => {
    const config = find('ConfigMap', 'motcua-config') as unknown as { data: Record<string, string> };
    const topics = JSON.parse(readFileSync(join(__dirname, '..', 'kafka', 'topics.json'), 'utf8')) as { topics: { partitions: number; replicationFactor: number }[] };
    expect(new Set(topics.topics.map((t) => `${t.partitions}/${t.replicationFactor}`))).toEqual(new Set([`${config.data['KAFKA_PARTITIONS']}/${config.data['KAFKA_REPLICATION_FACTOR']}`]));
  });

  it('when the topics are provisioned, then a Job runs `motcua kafka provision` from the cli image', () => {
    const job = find('Job', 'kafka-provision')?.spec as { template: { spec: { containers: { image: string; args: string[] }[] } } };
    expect(job.template.spec.containers[0]).toMatchObject({ image: expect.stringMatching(/^motcua\/cli:/), args: expect.arrayContaining(['kafka', 'provision']) });
  });

  it('when kustomize builds the folder, then its resource list names every manifest', () => {
    const kustomization = parseAllDocuments(readFileSync(join(k8sDir, 'kustomization.yaml'), 'utf8'))[0]?.toJS() as { resources: string[] };
    const manifests = readdirSync(k8sDir).filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(manifests.sort());
  });
});
