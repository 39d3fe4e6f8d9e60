/**
 * The papers intake prints, served over HTTP: the receipt-and-appointment slip of a
 * received dossier (form 01) and the refusal slip of a dossier not taken in (form 03),
 * as printable HTML by default and as data with `?format=json`.
 */
import type { ReceiptSlip, RefusalLetter } from '@motcua/documents';
import { shutdownTracing, startTracing } from '@motcua/observability';
import { startIntake, type IntakeHarness } from '../support/intake-harness';

const applicant = { fullName: 'Trần Thị <Bình>', idNumber: '046190012345', phone: '0912345678' };

describe('intake documents over HTTP', () => {
  let h: IntakeHarness;

  beforeAll(async () => {
    startTracing({ serviceName: 'intake-documents-component', instrument: false });
    h = await startIntake('2026-12-02T09:15:00+07:00');
  });

  afterAll(async () => {
    await h.stop();
    await shutdownTracing();
  });

  it('when a dossier is received at a satellite point, then its receipt slip prints the code, the appointment, the point and the lookup link, and only the last four id digits', async () => {
    const submitted = await h.call<{ id: string; code: string; appointmentAt: string }>('POST', '/v1/dossiers', {
      officer: 'pdn-reception-1',
      body: {
        procedureCode: '1.001193',
        centreId: 'hue-phong-dien',
        receptionPointId: 'pdn-phong-my',
        applicant,
        documents: [
          { code: 'TK_KS', name: 'Tờ khai đăng ký khai sinh' },
          { code: 'GCS', name: 'Giấy chứng sinh', copies: 1 },
        ],
        returnChannel: { type: 'counter' },
      },
    });
    expect(submitted.status).toBe(201);
    const { id, code, appointmentAt } = submitted.body;

    const data = await h.call<ReceiptSlip>('GET', `/v1/dossiers/${id}/receipt?format=json`);
    expect(data.status).toBe(200);
    expect(data.body).toMatchObject({
      kind: 'receipt',
      dossierCode: code,
      centreName: 'Trung tâm phục vụ hành chính công phường Phong Điền',
      receptionPointName: 'Điểm tiếp nhận trụ sở xã Phong Mỹ (cũ)',
      procedure: { code: '1.001193', name: 'Thủ tục đăng ký khai sinh' },
      applicant: { fullName: applicant.fullName, idNumberLast4: '2345', phone: applicant.phone },
      officer: { role: 'reception', name: 'Nguyễn Thị Dũng (mẫu)' },
      documents: [{ name: 'Tờ khai đăng ký khai sinh' }, { name: 'Giấy chứng sinh', copies: 1 }],
      appointmentAt,
      feeVnd: 0,
      lookupUrl: `http://localhost:8086/tra-cuu/${code}`,
    });
    expect(data.text).not.toContain(applicant.idNumber);

    // By code too, as tracking's timeline and the counter know it.
    const page = await h.call('GET', `/v1/dossiers/${code}/receipt`);
    expect(page.status).toBe(200);
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.text).toContain(code);
    expect(page.text).toContain('Giấy tiếp nhận hồ sơ và hẹn trả kết quả');
    expect(page.text).toContain('Trần Thị &lt;Bình&gt;');
    expect(page.text).not.toContain(applicant.idNumber);
  });

  it('when a receipt is asked for an unknown dossier, then it answers 404 problem+json', async () => {
    const reply = await h.call<{ code: string }>('GET', '/v1/dossiers/no-such-dossier/receipt');
    expect(reply.status).toBe(404);
    expect(reply.contentType).toMatch(/^application\/problem\+json/);
    expect(reply.body.code).toBe('INTAKE.DOSSIER_NOT_FOUND');
  });

  it('when the officer refuses a dossier at intake, then the refusal is recorded (201) with no dossier and nothing on the bus, and its slip is form 03 with the reason', async () => {
    const dossiersBefore = await h.store.forService('intake').read((tx) => tx.collection({ name: 'dossiers' }).count({}));
    const mark = h.published.length;
    const reason = 'Giấy chứng sinh không phải bản chính; đề nghị mang bản chính';
    const refusal = await h.call<{ id: string; reason: string; refusedBy: { role: string; id: string }; applicant: Record<string, string> }>('POST', '/v1/refusals', {
      officer: 'pdn-reception-1',
      body: { procedureCode: '1.001193', centreId: 'hue-phong-dien', receptionPointId: 'pdn-phong-xuan', applicant, documents: [{ code: 'GCS', name: 'Giấy chứng sinh (bản sao)' }], reason },
    });
    expect(refusal.status).toBe(201);
    expect(refusal.headers.get('location')).toBe(`/v1/refusals/${refusal.body.id}`);
    expect(refusal.body).toMatchObject({ reason, refusedBy: { role: 'reception', id: 'pdn-reception-1' }, applicant: { fullName: applicant.fullName, idNumberLast4: '2345' } });
    expect(refusal.text).not.toContain(applicant.idNumber);

    const slip = await h.call<RefusalLetter>('GET', `/v1/refusals/${refusal.body.id}/slip?format=json`);
    expect(slip.body).toMatchObject({ kind: 'refusal', stage: 'intake', reason, receptionPointName: 'Điểm tiếp nhận trụ sở xã Phong Xuân (cũ)', applicant: { idNumberLast4: '2345' } });
    const page = await h.call('GET', `/v1/refusals/${refusal.body.id}/slip`);
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('Phiếu từ chối tiếp nhận giải quyết hồ sơ');
    expect(page.text).toContain('bản chính');

    expect(await h.store.forService('intake').read((tx) => tx.collection({ name: 'dossiers' }).count({}))).toBe(dossiersBefore);
    // A dossier submitted after it is published next: had the refusal published anything, it would come first.
    const next = await h.call<{ id: string }>('POST', '/v1/dossiers', {
      officer: 'klg-reception-1',
      body: { procedureCode: '2.000635', centreId: 'hue-kim-long', applicant, documents: [{ code: 'TK_BSTL', name: 'Tờ khai' }], returnChannel: { type: 'counter' } },
    });
    await h.event('DossierReceived', next.body.id);
    expect(h.published.slice(mark).map((e) => e.subject)).toEqual([next.body.id]);
  });

  it('when a refusal names no reason, then it is refused with 400 naming the field', async () => {
    const reply = await h.call<{ code: string; errors: { path: string }[] }>('POST', '/v1/refusals', {
      officer: 'pdn-reception-1',
      body: { procedureCode: '1.001193', centreId: 'hue-phong-dien', applicant, documents: [] },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((e) => e.path)).toContain('body/reason');
  });
});
