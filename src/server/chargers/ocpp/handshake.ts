/**
 * The edge of the OCPP endpoint, before ocpp-rpc sees an upgrade: every
 * upgrade ends (answered, refused with a status, or its socket destroyed)
 * within a deadline, identities are checked here, and only so many
 * handshakes are in progress at once.
 */
import type { Duplex } from 'node:stream';
import { identitySchema } from '../registration';

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 503: 'Service Unavailable' };

/** Answers an upgrade with an HTTP status and closes its socket once the answer is written. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  // An upgrade socket has no error listener of its own: a reset while we answer must not crash the process.
  socket.on('error', () => socket.destroy());
  if (!socket.writable) return void socket.destroy();
  const body = `${reason}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * What is wrong with the identity of `/ocpp/<identity>` (the last path
 * segment, percent-decoded as ocpp-rpc does), or undefined. ocpp-rpc's own
 * decoding throws outside its error handling on a bad escape such as `%ZZ`,
 * and an identity that could never have been registered (NUL, control
 * characters, over 48 characters) need not reach the database.
 */
export function identityProblem(url: string | undefined): string | undefined {
  let segment: string;
  try {
    segment = new URL(`http://localhost${url ?? '/'}`).pathname.split('/').pop() ?? '';
  } catch {
    return 'Malformed URL';
  }
  let identity: string;
  try {
    identity = decodeURIComponent(segment);
  } catch {
    return 'Malformed percent-encoding in the charge point identity';
  }
  return identitySchema.safeParse(identity).success
    ? undefined
    : 'The charge point identity must be 1-48 letters, digits or . _ ~ - * + | @ ! $ ( ) =';
}

export interface HandshakeLimits {
  timeoutMs: number;
  maxPending: number;
}

/**
 * Runs each upgrade's handshake under the limits: beyond `maxPending` in
 * progress it is refused (503) at once; one not over after `timeoutMs` is
 * refused (503) and its socket closed, whatever the handshake still awaits.
 */
export function createHandshakeGate(limits: HandshakeLimits) {
  let pending = 0;
  return {
    /** `run` must settle once the upgrade is answered; a rejection destroys the socket. */
    admit(socket: Duplex, run: () => Promise<unknown>, onError: (error: unknown) => void): void {
      if (pending >= limits.maxPending) return refuseUpgrade(socket, 503, 'Too many handshakes in progress; retry later');
      socket.on('error', () => socket.destroy());
      pending++;
      let over = false;
      const finish = () => {
        if (over) return;
        over = true;
        pending--;
        clearTimeout(deadline);
      };
      const deadline = setTimeout(() => {
        finish();
        refuseUpgrade(socket, 503, 'Handshake timed out');
      }, limits.timeoutMs);
      deadline.unref();
      socket.once('close', finish);
      run()
        .catch((error: unknown) => {
          onError(error);
          socket.destroy();
        })
        .finally(finish);
    },
  };
}
