import type { FastifyReply } from 'fastify';
import type { Socket } from 'node:net';

/** How long a closing connection still takes (and drops) what the client sends after the answer. */
export const LINGER_MS = 2000;

/**
 * Ends the connection once this answer has gone out, without reading the rest of a request body
 * nobody wants. Not at once, though: a socket closed while the client is still sending answers
 * the client's next bytes with a reset, and a reset can throw away the answer before the client
 * has read it. So the connection stops writing after the answer (`Connection: close`, then FIN),
 * drops what still comes in for up to LINGER_MS, and closes when the client stops or time is up
 * (the "lingering close" of Apache httpd and nginx).
 */
export function closeAfterAnswer(reply: FastifyReply): void {
  void reply.header('connection', 'close');
  const socket = reply.raw.socket as (Socket & { destroySoon?: () => void }) | null;
  if (!socket || socket.destroyed) return;
  // Node's HTTP server ends a `Connection: close` response's socket through destroySoon(),
  // which destroys it as soon as the answer is written. This one lingers instead.
  socket.destroySoon = () => {
    socket.end();
    const cut = setTimeout(() => socket.destroy(), LINGER_MS).unref();
    socket.once('end', () => socket.destroy());
    socket.once('close', () => clearTimeout(cut));
    socket.resume();
  };
}
