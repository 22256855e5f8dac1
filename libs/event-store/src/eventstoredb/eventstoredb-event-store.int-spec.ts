import { eventStoreContract } from '../event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

// Runs against a real server, e.g. EVENTSTORE_URL='esdb://localhost:2113?tls=false'.
const url = process.env.EVENTSTORE_URL;

if (url) {
  jest.setTimeout(30_000);
  eventStoreContract('EventStoreDB', async () => {
    const store = EventStoreDbEventStore.connect(url, { idlePollMs: 500 });
    return { store, dispose: () => store.close() };
  });
} else {
  // Written to stdout rather than console.log: Jest hides the console output of a test file
  // whose tests are all skipped when it runs several files.
  process.stdout.write('[eventstoredb] EVENTSTORE_URL not set — EventStoreDB contract suite skipped\n');
  it.skip('EventStore contract: EventStoreDB (needs EVENTSTORE_URL, e.g. esdb://localhost:2113?tls=false)', () => undefined);
}
