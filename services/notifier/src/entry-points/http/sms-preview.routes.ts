/**
 * SMS preview: what a text becomes on the air (encoding, segments) before a
 * template or a centre's wording is switched on. Same rules as sending.
 */
import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { parseBody } from '@motcua/runtime';
import { prepareSmsText } from '../../domain/sms-text.rules';

export const SmsPreviewBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 2000 }),
    policy: Type.Optional(Type.Union([Type.Literal('unicode'), Type.Literal('unaccented')])),
  },
  { additionalProperties: false },
);

export function smsPreviewRoutes(): Router {
  const router = Router();
  router.post('/v1/sms/preview', (req, res) => {
    const body = parseBody(SmsPreviewBody, req.body);
    res.json(prepareSmsText(body.text, { policy: body.policy ?? 'unicode' }));
  });
  return router;
}
