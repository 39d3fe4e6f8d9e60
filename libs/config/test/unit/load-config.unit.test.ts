import { Type } from '@sinclair/typebox';
import { loadConfig } from '@motcua/config';

const Schema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 8080 }),
  MODE: Type.Union([Type.Literal('a'), Type.Literal('b')], { default: 'a' }),
  FLAG: Type.Boolean({ default: false }),
  URL: Type.String({ minLength: 1 }),
});

describe('configuration', () => {
  it('when variables are valid, then they are typed and defaults filled', () => {
    expect(loadConfig(Schema, { URL: 'x', PORT: '9000', FLAG: 'true' })).toEqual({ URL: 'x', PORT: 9000, MODE: 'a', FLAG: true });
  });

  it('when a variable is malformed, then start-up fails naming it and its value', () => {
    expect(() => loadConfig(Schema, { URL: 'x', PORT: 'eighty' })).toThrow(/PORT.*"eighty"/);
  });

  it('when a required variable is missing, then the message names it', () => {
    expect(() => loadConfig(Schema, {})).toThrow(expect.objectContaining({ code: 'CONFIG.INVALID', message: expect.stringContaining('URL') }));
  });
});
