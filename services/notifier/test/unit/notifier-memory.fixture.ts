/** The notifier's transaction port in memory, with its durable timers as a list the test fires by moving the clock. */
import { loadCatalogue } from '@motcua/catalogue';
import type { EventEnvelope } from '@motcua/contracts';
import type { Contact, Notification } from '../../src/domain/notification.entity';
import type { AwaitingContact, NotifierTransaction } from '../../src/domain/notifier.ports';
import { queueNotifications, type NotifyContext } from '../../src/domain/notify.use-cases';
import type { CentreSendRate } from '../../src/domain/send-rate.rules';
import type { TemplateSwitches } from '../../src/domain/template-switches.rules';

export const catalogue = loadCatalogue();

export function memory(options: { switches?: TemplateSwitches } = {}) {
  const notifications: Notification[] = [];
  const contacts = new Map<string, Contact>();
  const rates = new Map<string, CentreSendRate>();
  const events: EventEnvelope[] = [];
  const retries: { notificationId: string; dueAt: string }[] = [];
  const awaiting = new Map<string, AwaitingContact>();
  const tx: NotifierTransaction = {
    notifications: {
      get: async (id) => notifications.find((n) => n.id === id),
      findByKey: async (key) => notifications.find((n) => n.key === key),
      insert: async (n) => void notifications.push(n),
      save: async (n) => void notifications.splice(notifications.findIndex((x) => x.id === n.id), 1, n),
      // As the store adapter: by createdAt, only rows not held until a nextAttemptAt.
      findDue: async (status, field, before) =>
        notifications.filter((n) => n.status === status && n[field] !== undefined && (n[field] as string) <= before && (field !== 'createdAt' || n.nextAttemptAt === undefined)),
      // One timer per notification, like the store's (same timer id: a new due time replaces the old).
      scheduleRetry: async (notificationId, dueAt) => {
        const existing = retries.findIndex((r) => r.notificationId === notificationId);
        if (existing >= 0) retries.splice(existing, 1);
        retries.push({ notificationId, dueAt });
      },
    },
    contacts: { get: async (id) => contacts.get(id), upsert: async (c) => void contacts.set(c.id, c) },
    sendRates: { get: async (centreId) => rates.get(centreId), save: async (rate) => void rates.set(rate.id, { ...rate }) },
    awaitingContact: {
      keep: async (entry) => void awaiting.set(entry.id, entry),
      takeFor: async (dossierId) => {
        const taken = [...awaiting.values()].filter((e) => e.dossierId === dossierId).sort((a, b) => a.waitingSince.localeCompare(b.waitingSince));
        for (const e of taken) awaiting.delete(e.id);
        return taken;
      },
    },
    emit: async (e) => void events.push(e),
  };
  let id = 0;
  const context = { newId: () => `n-${++id}`, now: new Date('2026-11-25T02:00:02Z'), lookupUrl: (code: string) => `https://tra-cuu/${code}`, catalogue, switches: options.switches };
  /** Removes and returns the ids whose timer is due at `now`, as the poller would fire them. */
  const dueTimers = (now: Date): string[] => {
    const due = retries.filter((r) => r.dueAt <= now.toISOString());
    for (const r of due) retries.splice(retries.indexOf(r), 1);
    return due.map((r) => r.notificationId);
  };
  return { tx, notifications, events, retries, rates, awaiting, context, dueTimers, run: <T>(work: (t: NotifierTransaction) => Promise<T>) => work(tx) };
}

/** The one notification an event queues for sending (none, or one: only DossierReceived can release waiting events too). */
export async function queueNotification(tx: NotifierTransaction, envelope: EventEnvelope, context: NotifyContext): Promise<Notification | undefined> {
  const queued = await queueNotifications(tx, envelope, context);
  if (queued.length > 1) throw new Error(`expected at most one notification for ${envelope.type}, got ${queued.length}`);
  return queued[0];
}
