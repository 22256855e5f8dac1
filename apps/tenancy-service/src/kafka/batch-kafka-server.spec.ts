import { KafkaJSProtocolError } from 'kafkajs';
import { committable, failureReason } from './batch-kafka-server';

const batch = (...offsets: string[]) => offsets.map((offset) => ({ offset }));

describe('The offset a batch of commands may commit', () => {
  it('given every message answered, then up to the last', () => {
    expect(committable(batch('4', '5', '6'), new Set(['4', '5', '6']))).toBe('6');
  });

  it('given a message whose result or dead letter was not written, then only up to the message before it, though later ones (other lanes) were answered', () => {
    expect(committable(batch('4', '5', '6', '7'), new Set(['4', '6', '7']))).toBe('4');
  });

  it('given the first message unanswered, then nothing: the batch is delivered again from it', () => {
    expect(committable(batch('4', '5'), new Set(['5']))).toBeUndefined();
  });
});

describe('The reason a failed batch logs', () => {
  it('given a broker\'s refusal from kafkajs, then its name, words and code', () => {
    const refusal = Object.assign(new KafkaJSProtocolError('The request included a message larger than the max message size the server will accept'), { type: 'MESSAGE_TOO_LARGE' });
    expect(failureReason(refusal))
      .toBe('KafkaJSProtocolError: The request included a message larger than the max message size the server will accept (MESSAGE_TOO_LARGE)');
  });

  it('given an error whose message runs over lines, then its first line only, and never its stack', () => {
    const error = new Error('store down\n    at secret place');
    expect(failureReason(error)).toBe('Error: store down');
  });
});
