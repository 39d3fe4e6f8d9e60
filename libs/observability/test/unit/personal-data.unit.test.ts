import { Writable } from 'node:stream';
import { createLogger, maskPersonalData, maskText, maskValue } from '@motcua/observability';

describe('personal data masking', () => {
  it('when an object holds id numbers, phones and addresses at any depth, then they are masked and the rest is kept', () => {
    const masked = maskPersonalData({
      dossierId: 'd-1',
      applicant: { fullName: 'Trần Thị Bình', idNumber: '046190012345', phone: '0912345678', address: '12 Lê Lợi, Huế' },
      deep: { list: [{ phone: '0987654321' }] },
    });
    expect(masked.dossierId).toBe('d-1');
    expect(masked.applicant.idNumber).toBe('*********345');
    expect(masked.applicant.phone).toBe('*******678');
    expect(masked.applicant.address).toBe('***');
    expect(masked.deep.list[0]?.phone).toBe('*******321');
  });

  it('when free text contains a phone or an id number, then the digits are masked', () => {
    expect(maskText('gọi 0912345678 hoặc CCCD 046190012345')).toBe('gọi *******678 hoặc CCCD *********345');
    expect(maskText('dossier PDN-251125-0001')).toBe('dossier PDN-251125-0001');
  });

  it('short values are fully hidden', () => {
    expect(maskValue('12')).toBe('**');
  });

  it('when the logger writes a line, then nothing personal reaches the output', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ service: 'test', destination });
    logger.info({ applicant: { phone: '0912345678', idNumber: '046190012345' } }, 'sent to 0912345678');
    const line = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(line['service']).toBe('test');
    expect(JSON.stringify(line)).not.toMatch(/0912345678|046190012345/);
    expect(line['msg']).toBe('sent to *******678');
  });
});
