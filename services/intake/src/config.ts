/** Intake settings, read once at start; a bad value stops start-up naming the variable. */
import { Type, type Static } from '@sinclair/typebox';
import { loadConfig } from '@motcua/config';

export const IntakeConfigSchema = Type.Object({
  /**
   * Where a citizen looks a dossier up, printed on the receipt slip; `{code}` is replaced by the
   * dossier code. Tracking's status endpoint until the lookup page lands (issue 6).
   */
  INTAKE_LOOKUP_URL_TEMPLATE: Type.String({ pattern: '^https?://.*\\{code\\}', default: 'http://localhost:8086/tra-cuu/{code}' }),
  /** How far back a submission is compared with earlier ones to flag a potential duplicate. */
  INTAKE_DUPLICATE_WINDOW_HOURS: Type.Integer({ minimum: 1, maximum: 8760, default: 72 }),
});

export type IntakeConfig = Static<typeof IntakeConfigSchema>;

export function loadIntakeConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  return loadConfig(IntakeConfigSchema, env);
}
