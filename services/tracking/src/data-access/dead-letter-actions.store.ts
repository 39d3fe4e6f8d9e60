/** The replays and discards of dead letters: one document per letter, which is also the audit log. */
import type { CollectionSpec, Filter, ServiceStore } from '@motcua/storage';
import type { DeadLetterAction, DeadLetterActionLog } from '../domain/dead-letters.use-cases';

export const deadLetterActionsCollection: CollectionSpec = {
  name: 'dead_letter_actions',
  indexes: [{ fields: ['dlqTopic'] }, { fields: ['at'] }, { fields: ['group', 'at'] }],
};

export function deadLetterActionLog(store: ServiceStore): DeadLetterActionLog {
  const actions = (tx: Parameters<Parameters<ServiceStore['read']>[0]>[0]) => tx.collection<DeadLetterAction>(deadLetterActionsCollection);
  return {
    forTopic: (dlqTopic) => store.read((tx) => actions(tx).find({ dlqTopic })),
    get: (id) => store.read((tx) => actions(tx).get(id)),
    // The id is the letter's position: a second action on one letter is a duplicate key.
    record: (action) => store.unitOfWork.run((tx) => actions(tx).insert(action)),
    page: ({ group, limit, offset }) =>
      store.read(async (tx) => {
        const filter: Filter = group === undefined ? {} : { group };
        const [items, total] = await Promise.all([
          actions(tx).find(filter, { sort: [{ field: 'at', direction: 'desc' }], limit, offset }),
          actions(tx).count(filter),
        ]);
        return { items, total };
      }),
  };
}
