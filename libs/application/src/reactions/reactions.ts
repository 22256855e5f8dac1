import type { EventStore, RecordedEvent } from '@tenancy/event-store';
import type { CheckpointStore } from '@tenancy/read-store';
import { CheckpointedSubscriber, type SubscriberLog } from '../subscriptions/checkpointed-subscriber';
import type { Reaction } from './reaction';

/** The checkpoint of all reactions; a new suffix would run every reaction over the whole history again. */
export const REACTIONS_CHECKPOINT = 'reactions_v1';

/** Runs every reaction over `$all`, one event after another, behind one checkpoint. */
export function reactionsSubscriber(
  events: Pick<EventStore, 'subscribeToAll'>, checkpoints: CheckpointStore, reactions: Reaction[], logger?: SubscriberLog,
): CheckpointedSubscriber {
  const handle = async (batch: RecordedEvent[]) => {
    for (const event of batch) {
      for (const reaction of reactions) {
        if (reaction.canHandle.includes(event.type)) await reaction.react(event);
      }
    }
  };
  return new CheckpointedSubscriber(events, checkpoints, { name: REACTIONS_CHECKPOINT, handle, batchSize: 100, logger });
}
