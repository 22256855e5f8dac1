import { ferretDbAvailable, startFerretDb } from '../libs/testing/src/servers/ferretdb-server';
import { kafkaAvailable, startKafka } from '../libs/testing/src/servers/kafka-server';

/** A server for a bench section: the user's (env var) or one started here, or none with a reason. */
export interface BenchServer {
  address: string;
  stop(): Promise<void>;
}

export async function mongoForBench(): Promise<BenchServer | string> {
  if (process.env.MONGODB_URL) return { address: process.env.MONGODB_URL, stop: async () => undefined };
  if (!ferretDbAvailable()) return 'MONGODB_URL not set and FerretDB not installed (bash tools/ferretdb/install.sh)';
  const server = await startFerretDb();
  return { address: server.url, stop: () => server.stop() };
}

export async function kafkaForBench(): Promise<BenchServer | string> {
  if (process.env.KAFKA_BROKERS) return { address: process.env.KAFKA_BROKERS, stop: async () => undefined };
  if (!kafkaAvailable()) return 'KAFKA_BROKERS not set and Kafka not installed (bash tools/kafka/install.sh)';
  const server = await startKafka();
  return { address: server.brokers.join(','), stop: () => server.stop() };
}
