import { connect } from 'node:net';

export interface RawAnswer { status: number; headers: string; body: any }

/**
 * A client on a raw socket, for what fastify's inject cannot send (a request that never
 * arrives whole, bytes after a body): sends `data`, then (if `halfClose`) stops sending but keeps
 * reading, and returns every answer read until the server closes, and how long that took.
 */
export async function exchange(port: number, data: string, { halfClose = false } = {}): Promise<{ answers: RawAnswer[]; ms: number }> {
  const started = Date.now();
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  let received = '';
  socket.on('data', (chunk) => { received += chunk.toString('latin1'); });
  socket.write(data);
  if (halfClose) socket.end();
  await new Promise<void>((resolve, reject) => {
    const giveUp = setTimeout(() => reject(new Error(`no close within 10 s; got ${JSON.stringify(received)}`)), 10_000);
    socket.once('end', () => { clearTimeout(giveUp); socket.destroy(); resolve(); });
    socket.once('error', () => { clearTimeout(giveUp); resolve(); });
  });
  const answers = received.split(/(?=HTTP\/1\.1 \d{3} )/).filter(Boolean).map((one) => {
    const [headers, body] = one.split('\r\n\r\n');
    return { status: Number(headers.split(' ')[1]), headers: headers.toLowerCase(), body: body ? JSON.parse(body) : undefined };
  });
  return { answers, ms: Date.now() - started };
}
