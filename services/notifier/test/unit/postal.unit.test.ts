import { checkCallbackSignature, signCallback } from '../../src/data-access/postal/postal-callback.signature';
import { checkPickupMove } from '../../src/domain/postal-pickup-state.rules';
import { render } from '../../src/domain/templates';

const secret = 'x'.repeat(32);
const fields = { trackingCode: 'SM123456789VN', status: 'collected', at: '2026-12-02T08:00:00.000Z' };
const now = new Date('2026-12-02T08:00:10Z');
const ts = String(Math.floor(now.getTime() / 1000));

describe('postal callback signatures', () => {
  it('when the callback is signed with the secret and a fresh timestamp, then it is accepted', () => {
    expect(checkCallbackSignature(secret, { signature: signCallback(secret, ts, fields), timestamp: ts }, fields, now, 300)).toEqual({ valid: true });
  });

  it('when a signed field is changed, the secret differs or a header is missing, then it is refused', () => {
    const signature = signCallback(secret, ts, fields);
    expect(checkCallbackSignature(secret, { signature, timestamp: ts }, { ...fields, status: 'returned-to-sender' }, now, 300)).toMatchObject({ valid: false, reason: 'signature does not match' });
    expect(checkCallbackSignature('y'.repeat(32), { signature, timestamp: ts }, fields, now, 300)).toMatchObject({ valid: false });
    expect(checkCallbackSignature(secret, { timestamp: ts }, fields, now, 300)).toMatchObject({ valid: false, reason: 'signature or timestamp header missing' });
  });

  it('when a correctly signed callback is replayed after the tolerance, then it is refused', () => {
    const old = String(Number(ts) - 301);
    expect(checkCallbackSignature(secret, { signature: signCallback(secret, old, fields), timestamp: old }, fields, now, 300)).toMatchObject({ valid: false, reason: 'timestamp more than 300 s from now' });
  });
});

describe('postal pickup transitions', () => {
  it('when callbacks arrive in order, then a postal point pickup goes booked → picked-up → arrived-at-point → collected', () => {
    expect(checkPickupMove('booked', 'picked-up', 'postal_point')).toEqual({ allowed: true });
    expect(checkPickupMove('picked-up', 'arrived-at-point', 'postal_point')).toEqual({ allowed: true });
    expect(checkPickupMove('arrived-at-point', 'collected', 'postal_point')).toEqual({ allowed: true });
  });

  it('when a callback is late or repeated, then it is refused and the pickup never moves back', () => {
    expect(checkPickupMove('arrived-at-point', 'picked-up', 'postal_point')).toEqual({ allowed: false, reason: 'late: arrived-at-point does not move to picked-up' });
    expect(checkPickupMove('collected', 'collected', 'postal_point')).toEqual({ allowed: false, reason: 'duplicate: already collected' });
    expect(checkPickupMove('collected', 'returned-to-sender', 'postal_point')).toMatchObject({ allowed: false });
    expect(checkPickupMove('returned-to-sender', 'collected', 'postal_point')).toMatchObject({ allowed: false });
  });

  it('when a status belongs to the other kind of destination, then it is refused', () => {
    expect(checkPickupMove('booked', 'delivered', 'postal_point')).toEqual({ allowed: false, reason: 'delivered does not apply to a postal point pickup' });
    expect(checkPickupMove('booked', 'collected', 'home')).toMatchObject({ allowed: false });
    expect(checkPickupMove('picked-up', 'delivered', 'home')).toEqual({ allowed: true });
  });
});

describe('postal texts', () => {
  it('when a pickup is booked, then the citizen reads the point, the tracking number and the pickup code', () => {
    expect(render({ template: 'postal_booked', dossierCode: 'PDN-261202-0001', trackingCode: 'SM123456789VN', pickupCode: '042917', pointName: 'Phong Điền 1 (mẫu)' })).toBe(
      'Kết quả hồ sơ PDN-261202-0001 đã được gửi qua bưu chính đến điểm bưu chính Phong Điền 1 (mẫu). Mã vận đơn: SM123456789VN. Mã nhận tại điểm: 042917.',
    );
    expect(render({ template: 'postal_failed_counter', dossierCode: 'PDN-261202-0001', counterName: 'Quầy tiếp nhận trụ sở phường Phong Điền' })).toBe(
      'Bưu chính không chuyển được kết quả hồ sơ PDN-261202-0001. Mời ông/bà đến nhận tại quầy tiếp nhận trụ sở phường Phong Điền.',
    );
  });
});
