import { isAppError } from '@motcua/errors';
import { dossierSequenceName, formatDossierCode, validateDossierCodeTemplate } from '@motcua/catalogue';

const template = '{centreCode}-{yymmdd}-{seq:4}';

describe('formatting dossier codes', () => {
  it('when a dossier is received during the day, then the code has the centre, the local date and the padded sequence', () => {
    expect(formatDossierCode(template, { centreCode: 'PDN', receivedAt: new Date('2026-11-24T02:15:00Z'), sequence: 7 })).toBe('PDN-261124-0007');
  });

  it('when a dossier is received at 23:30 UTC, then the date is the next local day in Vietnam (UTC+7)', () => {
    const receivedAt = new Date('2026-11-24T23:30:00Z');
    expect(formatDossierCode(template, { centreCode: 'KLG', receivedAt, sequence: 1 })).toBe('KLG-261125-0001');
    expect(formatDossierCode('{yyyy}_{centreCode}.{yyyymmdd}.{seq:2}', { centreCode: 'KLG', receivedAt, sequence: 3 })).toBe('2026_KLG.20261125.03');
  });

  it('when the sequence outgrows its width, then it is written in full rather than cut', () => {
    expect(formatDossierCode(template, { centreCode: 'PDN', receivedAt: new Date('2026-01-05T03:00:00Z'), sequence: 12345 })).toBe('PDN-260105-12345');
  });

  it('when the template or the sequence is invalid, then formatting refuses with an AppError', () => {
    const receivedAt = new Date('2026-01-05T03:00:00Z');
    for (const call of [() => formatDossierCode('{centreCode}-{yymmdd}', { centreCode: 'PDN', receivedAt, sequence: 1 }), () => formatDossierCode(template, { centreCode: 'PDN', receivedAt, sequence: 0 })]) {
      let caught: unknown;
      try {
        call();
      } catch (error) {
        caught = error;
      }
      expect(isAppError(caught)).toBe(true);
    }
  });
});

describe('validating dossier-code templates', () => {
  it('when a template has the centre, a day and one sequence, then it is valid', () => {
    expect(validateDossierCodeTemplate(template)).toBeUndefined();
    expect(validateDossierCodeTemplate('HUE.{centreCode}.{yyyymmdd}.{seq:6}')).toBeUndefined();
  });

  it.each([
    ['{centreCode}-{yymmdd}', 'exactly one {seq:N}, found 0'],
    ['{centreCode}-{yymmdd}-{seq:2}-{seq:3}', 'exactly one {seq:N}, found 2'],
    ['{centreCode}-{yymmdd}-{seq:0}', 'the sequence width must be 1 to 10'],
    ['{centreCode}-{yymmdd}-{seq}', 'unknown placeholder {seq}'],
    ['{centreCode}-{mmdd}-{seq:4}', 'unknown placeholder {mmdd}'],
    ['{centreCode}-{yymmdd-{seq:4}', 'unmatched brace'],
    ['{centreCode}-{yymmdd}-{seq:4}}', 'unmatched brace'],
    ['{centreCode}/{yymmdd}/{seq:4}', "only letters, digits, '.', '_' and '-'"],
    ['{yymmdd}-{seq:4}', 'must contain {centreCode}'],
    ['{centreCode}-{yyyy}-{seq:6}', 'must contain {yymmdd} or {yyyymmdd}'],
    [`{centreCode}-{yymmdd}-${'X'.repeat(45)}-{seq:4}`, 'more than 64'],
  ])('when the template is %s, then it is refused: %s', (bad, reason) => {
    expect(validateDossierCodeTemplate(bad)).toContain(reason);
  });
});

describe('naming the dossier sequence', () => {
  it('when dossiers are received on different local days or at different centres, then each gets its own sequence', () => {
    expect(dossierSequenceName('hue-phong-dien', new Date('2026-11-24T16:59:00Z'))).toBe('dossier-code:hue-phong-dien:20261124');
    expect(dossierSequenceName('hue-phong-dien', new Date('2026-11-24T17:00:00Z'))).toBe('dossier-code:hue-phong-dien:20261125');
    expect(dossierSequenceName('hue-kim-long', new Date('2026-11-24T17:00:00Z'))).toBe('dossier-code:hue-kim-long:20261125');
  });
});
