#!/usr/bin/env node
/**
 * Validates every Kubernetes manifest in a folder (default: this one) against the
 * Kubernetes API schemas shipped in the npm package `kubernetes-models` (no network).
 * kustomization.yaml is kustomize's file, not an API object, and is skipped.
 *
 *   node infra/k8s/validate-manifests.mjs [folder] [--json]
 *
 * Prints one line per object (`ok <file> <kind>/<name>` or `invalid … : reasons`) or,
 * with --json, one JSON array; exits 1 when any object is invalid or unknown.
 * An ES module because kubernetes-models is published as ES modules only;
 * infra/test/k8s-manifests.unit.test.ts runs it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const args = process.argv.slice(2);
const json = args.includes('--json');
const folder = resolve(args.find((arg) => !arg.startsWith('--')) ?? dirname(fileURLToPath(import.meta.url)));

/** `apps/v1` + `Deployment` → the model class of kubernetes-models, or undefined for a kind it does not know. */
async function modelOf(apiVersion, kind) {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !/^[A-Za-z0-9.]+(\/[a-z0-9]+)?$/.test(apiVersion) || !/^[A-Za-z]+$/.test(kind)) return undefined;
  try {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

const results = [];
const files = readdirSync(folder)
  .filter((name) => /\.ya?ml$/.test(name) && !/^kustomization\.ya?ml$/.test(name))
  .sort();
for (const name of files) {
  const documents = parseAllDocuments(readFileSync(join(folder, name), 'utf8'));
  for (const document of documents) {
    if (document.errors.length > 0) {
      results.push({ file: name, ok: false, errors: document.errors.map((error) => error.message) });
      continue;
    }
    const object = document.toJS();
    if (object === null || object === undefined) continue;
    const id = `${object.kind}/${object.metadata?.name ?? '(no name)'}`;
    const Model = await modelOf(object.apiVersion, object.kind);
    if (!Model) {
      results.push({ file: name, object: id, apiVersion: object.apiVersion, kind: object.kind, ok: false, errors: [`unknown apiVersion/kind ${object.apiVersion} ${object.kind}`] });
      continue;
    }
    try {
      new Model(object).validate();
      results.push({ file: name, object: id, apiVersion: object.apiVersion, kind: object.kind, ok: true });
    } catch (error) {
      const details = Array.isArray(error?.errors) ? error.errors.map((e) => `${e.instancePath || '/'} ${e.message}`) : [String(error?.message ?? error)];
      results.push({ file: name, object: id, apiVersion: object.apiVersion, kind: object.kind, ok: false, errors: details });
    }
  }
}

if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else {
  for (const r of results) process.stdout.write(r.ok ? `ok       ${r.file} ${r.object}\n` : `invalid  ${r.file} ${r.object ?? ''}: ${r.errors.join('; ')}\n`);
  process.stdout.write(`${results.filter((r) => r.ok).length} of ${results.length} objects valid in ${basename(folder)}/\n`);
}
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
