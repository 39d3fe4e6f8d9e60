import { refusalSlipOf } from '../../src/domain/intake.documents';
import { refuseAtIntake, type RefuseAtIntakeCommand } from '../../src/domain/refuse-at-intake.use-case';
import { courier, integrator, reception } from '../support/intake-commands';
import { catalogue, memoryIntake } from '../support/memory-intake';

const command = (over: Partial<RefuseAtIntakeCommand> = {}): RefuseAtIntakeCommand => ({
  procedureCode: '1.001193',
  centreId: 'hue-phong-dien',
  receptionPointId: 'pdn-phong-xuan',
  applicant: { fullName: 'Trần Thị Bình', idNumber: '046190012345', phone: '0912345678' },
  documents: [{ code: 'TK_KS', name: 'Tờ khai' }],
  reason: 'Thiếu giấy chứng sinh; trẻ sinh tại nơi khác chưa có giấy tờ thay thế',
  actor: reception(),
  ...over,
});

describe('refusal at intake', () => {
  it('when the officer refuses a dossier, then a refusal is recorded, with no dossier, no code used and no event', async () => {
    const intake = memoryIntake();
    const refusal = await refuseAtIntake(intake.run, intake.ctx, command());
    expect(refusal).toMatchObject({ centreId: 'hue-phong-dien', receptionPointId: 'pdn-phong-xuan', procedureCode: '1.001193', refusedBy: { role: 'reception', id: 'pdn-reception-1' } });
    expect(intake.state.refusals).toHaveLength(1);
    expect(intake.state.dossiers).toHaveLength(0);
    expect(intake.state.sequences).toEqual({});
    expect(intake.state.events).toHaveLength(0);
  });

  it('when the refusal slip is made, then it is form 03 at the intake stage, naming the point, the officer and the reason, with the id number cut to four digits', async () => {
    const intake = memoryIntake();
    const slip = refusalSlipOf(catalogue, await refuseAtIntake(intake.run, intake.ctx, command()));
    expect(slip).toMatchObject({
      kind: 'refusal',
      stage: 'intake',
      receptionPointName: 'Điểm tiếp nhận trụ sở xã Phong Xuân (cũ)',
      procedure: { code: '1.001193', name: 'Thủ tục đăng ký khai sinh' },
      applicant: { fullName: 'Trần Thị Bình', idNumberLast4: '2345' },
      officer: { role: 'reception', name: 'Nguyễn Thị Dũng (mẫu)' },
      reason: command().reason,
    });
    expect(JSON.stringify(slip)).not.toContain('046190012345');
  });

  it.each([
    ['a courier', { actor: courier() }, 'LIFECYCLE.ROLE_NOT_ALLOWED', 403],
    ['an unknown procedure', { procedureCode: '9.999999', actor: integrator }, 'INTAKE.UNKNOWN_PROCEDURE', 422],
    ['a point of another centre', { receptionPointId: 'klg-main' }, 'INTAKE.UNKNOWN_RECEPTION_POINT', 422],
  ])('when refused by or for %s, then nothing is recorded', async (_what, over, code, status) => {
    const intake = memoryIntake();
    await expect(refuseAtIntake(intake.run, intake.ctx, command(over))).rejects.toMatchObject({ code, status });
    expect(intake.state.refusals).toHaveLength(0);
  });
});
