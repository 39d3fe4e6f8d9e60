/**
 * Turning business events into citizen notifications, exactly once: the
 * notification row (unique key) is committed with the consumed event's inbox mark,
 * then send-notification.use-cases.ts submits it and follows it to its outcome.
 *
 * The applicant's phone comes from DossierReceived on intake's topic, and nothing
 * orders events across topics: under restarts and rebalances a ResultReady can reach
 * the notifier first. Such an event is kept (`awaitingContact`) in the same unit of
 * work that marks it consumed, and texted when the dossier's DossierReceived comes.
 */
import { findCentre, findReceptionPoint, mainReceptionPoint, type Catalogue } from '@motcua/catalogue';
import { isEvent, type EventEnvelope, type ReturnChannel } from '@motcua/contracts';
import { notificationKey, type Contact, type Notification, type TemplateId } from './notification.entity';
import type { AwaitingContact, NotifierTransaction } from './notifier.ports';
import { prepareSmsText } from './sms-text.rules';
import { switchedOff, type TemplateSwitches } from './template-switches.rules';
import { render, templatePolicies, templateVersions, type ReturnPlace, type SupplementPlace, type TemplateInput } from './templates';

export interface NotifyContext {
  newId: () => string;
  now: Date;
  lookupUrl: (dossierCode: string) => string;
  /** Names of centres and reception points, so a text says where to go. */
  catalogue: Catalogue;
  /** Templates switched off; all on when absent. */
  switches?: TemplateSwitches | undefined;
}

/** Who and what a new notification is for; the text and status come from the template and the switches. */
export interface NotificationHeader {
  id: string;
  key: string;
  dossierId: string;
  dossierCode: string;
  centreId: string;
  to: string;
  createdAt: string;
  traceparent?: string | undefined;
}

/**
 * The row to insert for one template: `created` with its prepared text, or
 * `suppressed` (the rendered text kept for the record, never measured or sent) when
 * the template is switched off for the centre. Too long for the segment cap is
 * permanent (same input, same text): the caller's event dead-letters.
 */
export function composeNotification(header: NotificationHeader, input: TemplateInput, switches: TemplateSwitches | undefined): Notification {
  const { traceparent, ...fields } = header;
  const common = { ...fields, template: input.template, templateVersion: templateVersions[input.template], channel: 'sms' as const, ...(traceparent ? { traceparent } : {}) };
  const off = switches ? switchedOff(switches, input.template, header.centreId) : undefined;
  if (off) return { ...common, text: render(input).normalize('NFC'), status: 'suppressed', suppressedReason: off };
  const prepared = prepareSmsText(render(input), { policy: templatePolicies[input.template] });
  return { ...common, text: prepared.text, encoding: prepared.encoding, segments: prepared.segments, status: 'created' };
}

/**
 * A rejection reason may run to 500 characters, more than the SMS segment cap allows:
 * the text then carries its start and says the full reason is in the written answer
 * (the refusal letter always has it), so the citizen is still told.
 */
export const SMS_REASON_MAX = 100;
export function smsReason(reason: string): string {
  const chars = [...reason.normalize('NFC')];
  return chars.length <= SMS_REASON_MAX ? reason : `${chars.slice(0, SMS_REASON_MAX - 1).join('').trimEnd()}… (xem đầy đủ trong văn bản trả lời)`;
}

/**
 * Up to fifty documents may be asked for: the text lists as many whole names as fit
 * and points to the written request (form 02) for the rest, so it never runs over the
 * segment cap and is never refused.
 */
export const SMS_LIST_MAX = 120;
export function smsList(names: string[]): string {
  const all = names.join(', ');
  if ([...all].length <= SMS_LIST_MAX) return all;
  let shown = '';
  for (const name of names) {
    const next = shown ? `${shown}, ${name}` : name;
    if ([...next].length > SMS_LIST_MAX) break;
    shown = next;
  }
  // Even the first name is too long: its start stands for it.
  const head = shown || [...(names[0] ?? '')].slice(0, SMS_LIST_MAX - 1).join('').trimEnd();
  return `${head}… (xem phiếu yêu cầu bổ sung)`;
}

/** The counter's name: the point named, else the centre's main point, else the centre; never an id. */
function counterName(catalogue: Catalogue, centreId: string, pointId: string | undefined): string {
  const centre = findCentre(catalogue, centreId);
  const point = (pointId ? findReceptionPoint(catalogue, centreId, pointId) : undefined) ?? (centre ? mainReceptionPoint(centre) : undefined);
  return point?.name ?? centre?.name ?? 'quầy tiếp nhận của Trung tâm';
}

function returnPlace(catalogue: Catalogue, centreId: string, channel: ReturnChannel, lookupUrl: string): ReturnPlace {
  switch (channel.type) {
    case 'counter':
      return { kind: 'counter', name: counterName(catalogue, centreId, channel.receptionPointId) };
    case 'postal_point':
      return { kind: 'postal_point', postalPointId: channel.postalPointId };
    case 'postal_home':
      return { kind: 'postal_home' };
    case 'electronic':
      return { kind: 'electronic', lookupUrl };
  }
}

function supplementPlace(catalogue: Catalogue, contact: Contact): SupplementPlace {
  if (contact.submissionChannel === 'portal') return { kind: 'portal' };
  return { kind: 'counter', name: counterName(catalogue, contact.centreId, contact.receptionPointId) };
}

/** The events that text the citizen. */
const citizenFacing = ['DossierReceived', 'SupplementRequested', 'DossierExtended', 'DossierWithdrawn', 'ResultReady', 'DossierRejected', 'ResultReturned'] as const;

function isCitizenFacing(envelope: EventEnvelope): boolean {
  return citizenFacing.some((name) => isEvent(envelope, name));
}

function plan(envelope: EventEnvelope, contact: Contact, context: NotifyContext): TemplateInput | undefined {
  const { catalogue, lookupUrl } = context;
  if (isEvent(envelope, 'DossierReceived')) {
    return { template: 'receipt', dossierCode: envelope.data.dossierCode, appointmentAt: envelope.data.appointmentAt, lookupUrl: lookupUrl(envelope.data.dossierCode) };
  }
  if (isEvent(envelope, 'SupplementRequested')) {
    const documents = smsList(envelope.data.requestedDocuments.map((d) => d.name));
    // A request with no listed document names its reason instead: the citizen still learns what is missing.
    return { template: 'supplement_requested', dossierCode: envelope.data.dossierCode, documents: documents || smsReason(envelope.data.reason), place: supplementPlace(catalogue, contact) };
  }
  if (isEvent(envelope, 'DossierExtended')) {
    return { template: 'extended', dossierCode: envelope.data.dossierCode, newAppointmentAt: envelope.data.newAppointmentAt };
  }
  if (isEvent(envelope, 'DossierWithdrawn')) {
    return { template: 'withdrawn', dossierCode: envelope.data.dossierCode };
  }
  if (isEvent(envelope, 'ResultReady') && envelope.data.kind === 'result') {
    const d = envelope.data;
    // A postal result is announced by postal_booked, with the tracking number and pickup code, once the post has it.
    if (d.returnChannel.type === 'postal_point' || d.returnChannel.type === 'postal_home') return undefined;
    return { template: 'result_ready', dossierCode: d.dossierCode, place: returnPlace(catalogue, d.centreId, d.returnChannel, lookupUrl(d.dossierCode)) };
  }
  if (isEvent(envelope, 'ResultReturned')) {
    // The receipt of the handover, so a citizen learns at once if someone else collected in their name.
    return { template: 'returned', dossierCode: envelope.data.dossierCode, kind: envelope.data.kind, returnedAt: envelope.data.returnedAt };
  }
  if (isEvent(envelope, 'DossierRejected')) {
    const d = envelope.data;
    return { template: 'rejected', dossierCode: d.dossierCode, reason: smsReason(d.reason), place: returnPlace(catalogue, d.centreId, d.returnChannel, lookupUrl(d.dossierCode)) };
  }
  return undefined;
}

/**
 * Inside the consumer's transaction: remembers the applicant's phone from
 * DossierReceived and queues the notifications the event calls for — its own, and
 * on DossierReceived those of the dossier's events that were waiting for the phone.
 * Returns those this call created for sending (the caller sends them after commit).
 */
export async function queueNotifications(tx: NotifierTransaction, envelope: EventEnvelope, context: NotifyContext): Promise<Notification[]> {
  if (isEvent(envelope, 'DossierReceived')) {
    const d = envelope.data;
    const contact: Contact = {
      id: d.dossierId,
      dossierCode: d.dossierCode,
      centreId: d.centreId,
      phone: d.applicant.phone,
      appointmentAt: d.appointmentAt,
      receptionPointId: d.receptionPointId,
      submissionChannel: d.submissionChannel,
    };
    await tx.contacts.upsert(contact);
    const waiting = await tx.awaitingContact.takeFor(d.dossierId);
    const queued: Notification[] = [];
    // The receipt first, then the waiting events in the order they came.
    for (const event of [envelope, ...waiting.map((w) => w.envelope)]) {
      const notification = await queueFor(tx, event, contact, context);
      if (notification) queued.push(notification);
    }
    return queued;
  }
  if (!isCitizenFacing(envelope)) return [];
  const contact = await tx.contacts.get(envelope.subject);
  if (!contact) {
    const entry: AwaitingContact = { id: envelope.id, dossierId: envelope.subject, waitingSince: context.now.toISOString(), envelope };
    await tx.awaitingContact.keep(entry);
    return [];
  }
  const notification = await queueFor(tx, envelope, contact, context);
  return notification ? [notification] : [];
}

/** The row one event calls for, when its key is new; returned when it is to be sent. */
async function queueFor(tx: NotifierTransaction, envelope: EventEnvelope, contact: Contact, context: NotifyContext): Promise<Notification | undefined> {
  const input = plan(envelope, contact, context);
  if (!input) return undefined;
  const dossierId = envelope.subject;
  const template: TemplateId = input.template;
  const key = notificationKey(dossierId, template, envelope.id);
  if (await tx.notifications.findByKey(key)) return undefined;
  const data = envelope.data as { dossierCode: string; centreId: string };
  const notification = composeNotification(
    { id: context.newId(), key, dossierId, dossierCode: data.dossierCode, centreId: data.centreId, to: contact.phone, createdAt: context.now.toISOString(), traceparent: envelope.traceparent },
    input,
    context.switches,
  );
  await tx.notifications.insert(notification);
  // A suppressed row holds the key and sends nothing: there is nothing to dispatch.
  return notification.status === 'created' ? notification : undefined;
}
