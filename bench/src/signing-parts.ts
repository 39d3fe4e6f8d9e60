/**
 * Signing's own costs, for before/after a change to them (`npm run bench --
 * --signing-only`): the result PDF's layout (`renderResultPdf`) and one CMS signature
 * by the local signer, each as milliseconds per call, averaged over many calls after a
 * warm-up, in this process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalSigner } from '../../services/signing/src/data-access/keys/local-p12.signer';
import { renderResultPdf } from '../../services/signing/src/data-access/pdf/result.pdf';

export interface SigningFigures {
  renderResultPdfMs: number;
  cmsSignatureMs: number;
  calls: number;
}

const content = {
  centreName: 'Trung tâm Phục vụ hành chính công phường Phong Điền',
  procedureCode: '1.001193',
  procedureName: 'Đăng ký khai sinh',
  dossierCode: 'PDN-261206-0001',
  applicantName: 'Nguyễn Thị Quyên (mẫu)',
  title: 'Giấy khai sinh (bản chính)',
  body: 'Ủy ban nhân dân phường Phong Điền xác nhận ông/bà Nguyễn Thị Quyên (mẫu) đã đăng ký khai sinh cho con theo quy định của Luật Hộ tịch năm 2014 và Nghị định số 123/2015/NĐ-CP. Kết quả được trả tại bộ phận một cửa.',
  signerName: 'Lê Văn An (mẫu)',
  signedAt: '2026-12-06T05:00:00.000Z',
  verifyUrl: 'https://motcua.example/verify?document=0123456789abcdef',
};

async function msPerCall(calls: number, call: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(20, calls); i++) await call(i);
  const startedAt = performance.now();
  for (let i = 0; i < calls; i++) await call(i);
  return Number(((performance.now() - startedAt) / calls).toFixed(2));
}

export async function measureSigning(calls = 200): Promise<SigningFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-signing-'));
  try {
    const signer = await openLocalSigner({ dir, passphrase: 'bench-passphrase-0123', leaders: [{ id: 'bench-leader', name: content.signerName, centreName: content.centreName }], clock: () => new Date() });
    const pdf = await renderResultPdf(content, { signerName: content.signerName, signingTime: new Date() });
    return {
      renderResultPdfMs: await msPerCall(calls, (i) => renderResultPdf({ ...content, dossierCode: `PDN-261206-${String(i % 10_000).padStart(4, '0')}` }, { signerName: content.signerName, signingTime: new Date() })),
      cmsSignatureMs: await msPerCall(calls, () => signer.sign('bench-leader', pdf, new Date())),
      calls,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
