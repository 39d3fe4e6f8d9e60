/**
 * Where signed PDF bytes live, by their SHA-256: files under `<data dir>/documents/`
 * on the embedded edition (SQLite), a `document_contents` collection on MongoDB (one
 * document per PDF, base64; results are tens of kilobytes, far under the 16 MB
 * document limit — GridFS would be the move for larger scans).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileOnce } from '@motcua/runtime';
import type { CollectionSpec, ServiceStore } from '@motcua/storage';
import type { DocumentContents } from '../../domain/signing.ports';

const SHA256 = /^[a-f0-9]{64}$/;

function checked(sha256: string): string {
  // The digest becomes a file name: never let anything else through.
  if (!SHA256.test(sha256)) throw new Error(`not a SHA-256 hex digest: ${sha256.slice(0, 80)}`);
  return sha256;
}

export function fileDocumentContents(dataDir: string): DocumentContents {
  const root = join(dataDir, 'documents');
  const fileOf = (sha256: string) => join(root, sha256.slice(0, 2), `${checked(sha256)}.pdf`);
  return {
    put: async (sha256, bytes) => {
      // Same bytes under the same name: whoever wrote first wins, and that is the same file.
      writeFileOnce(fileOf(sha256), bytes, 0o640);
    },
    get: async (sha256) => {
      try {
        return readFileSync(fileOf(sha256));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}

export const documentContentsCollection: CollectionSpec = { name: 'document_contents', indexes: [] };

export function storeDocumentContents(store: ServiceStore): DocumentContents {
  return {
    put: (sha256, bytes) =>
      store.unitOfWork.run((tx) => tx.collection<{ id: string; base64: string }>(documentContentsCollection).upsert({ id: checked(sha256), base64: bytes.toString('base64') })),
    get: async (sha256) => {
      const entry = await store.read((tx) => tx.collection<{ id: string; base64: string }>(documentContentsCollection).get(checked(sha256)));
      return entry ? Buffer.from(entry.base64, 'base64') : undefined;
    },
  };
}
