/**
 * The calendar day stamp in dossier codes (`PDN-261125-0001`), taken in Vietnam time
 * whatever the machine's zone, so a dossier received at 06:30 in Huế (23:30 UTC the day
 * before) carries Huế's date.
 *
 * Appointments are computed by the working calendar of @motcua/working-time (office
 * hours, holidays, compensatory days, the 15:00 cut-off), given to the use case in its deps.
 */
import { localDateOf } from '@motcua/working-time';

/** `yymmdd` of the Vietnam calendar day of the instant. */
export function localDateStamp(instant: Date): string {
  return localDateOf(instant).slice(2).replace(/-/g, '');
}
