/**
 * Which citizen texts are switched off, for every centre or for one. Decided when
 * the event is turned into a notification: a switched-off template records a
 * `suppressed` notification (holding the exactly-once key, sending nothing, emitting
 * nothing), so the log still shows the event was seen and why no SMS went. A message
 * already queued when a switch is turned off still goes: it was promised under the
 * switches of its time.
 */
import type { TemplateId } from './notification.entity';

export interface TemplateSwitches {
  /** Off for every centre. */
  off: ReadonlySet<TemplateId>;
  /** Off for one centre, by centre id. */
  offByCentre: ReadonlyMap<string, ReadonlySet<TemplateId>>;
}

export const allTemplatesOn: TemplateSwitches = { off: new Set(), offByCentre: new Map() };

/**
 * The postal pickup code is what the citizen shows at the postal point: without that
 * text the result cannot be collected, so it is never switched off.
 */
export const alwaysOnTemplates: ReadonlySet<TemplateId> = new Set<TemplateId>(['postal_booked']);

/** Why `template` is off for `centreId`, or undefined when it is on. */
export function switchedOff(switches: TemplateSwitches, template: TemplateId, centreId: string): string | undefined {
  if (switches.off.has(template)) return `template ${template} is switched off (NOTIFIER_TEMPLATES_OFF)`;
  if (switches.offByCentre.get(centreId)?.has(template)) return `template ${template} is switched off for centre ${centreId} (NOTIFIER_CENTRE_TEMPLATES_OFF)`;
  return undefined;
}
