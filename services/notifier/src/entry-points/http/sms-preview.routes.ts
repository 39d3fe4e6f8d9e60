/**
 * SMS preview: what a text becomes on the air (encoding, segments) before a
 * template or a centre's wording is switched on. Same rules as sending.
 */
import { Type } from '@sinclair/typebox';
import { anyOfficer } from '@motcua/auth';
import { apiRouter } from '@motcua/runtime';
import { prepareSmsText } from '../../domain/sms-text.rules';

export const SmsPreviewBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 2000 }),
    policy: Type.Optional(Type.Union([Type.Literal('unicode'), Type.Literal('unaccented')])),
  },
  { additionalProperties: false },
);

export function smsPreviewRoutes() {
  const api = apiRouter();
  api.post({ path: '/v1/sms/preview', summary: 'What a text becomes on the air: encoding and segments', access: { officers: anyOfficer }, body: SmsPreviewBody, responses: { 200: { description: 'the prepared text' } } }, ({ body, res }) => {
    res.json(prepareSmsText(body.text, { policy: body.policy ?? 'unicode' }));
  });
  return api.router;
}
