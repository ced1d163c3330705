import { findUnstorableText, replaceUnstorableText } from '@/server/unstorable-text';
import { STORED_PAYLOAD_MAX_CHARS, truncatedMarker } from './events';

export type FrameKind = 'call' | 'result' | 'error' | 'invalid';

export interface Frame {
  kind: FrameKind;
  messageId: string | null;
  /** Only a call names its action. */
  action: string | null;
  payload: unknown;
}

const FIELD_MAX_CHARS = 64;
const KINDS: Record<number, FrameKind> = { 2: 'call', 3: 'result', 4: 'error' };
/** The head of a frame too large to parse again: type, message id and (call) action or (error) code. */
const HEAD = /^\s*\[\s*([234])\s*,\s*"([^"\\]{0,64})"\s*(?:,\s*"([^"\\]{0,64})")?/;

const invalid = (raw: string): Frame => ({ kind: 'invalid', messageId: null, action: null, payload: { raw: replaceUnstorableText(raw) } });
const field = (value: unknown) => (typeof value === 'string' ? replaceUnstorableText(value.slice(0, FIELD_MAX_CHARS)) : null);

/**
 * An OCPP-J frame as the message log stores it. The charge point may send
 * anything: ids and actions are cut to 64 characters, and a frame above
 * STORED_PAYLOAD_MAX_CHARS is not parsed (ocpp-rpc has done that already)
 * but stored as a truncation marker with its start. Text PostgreSQL cannot
 * store (NUL, lone surrogates; see unstorable-text.ts) is replaced by U+FFFD.
 */
export function parseFrame(raw: string): Frame {
  if (raw.length > STORED_PAYLOAD_MAX_CHARS) {
    const head = HEAD.exec(raw);
    const kind = head ? KINDS[Number(head[1])] : 'invalid';
    const action = kind === 'call' ? field(head?.[3]) : null;
    return { kind, messageId: field(head?.[2]), action, payload: truncatedMarker(replaceUnstorableText(raw)) };
  }
  let frame: unknown;
  try {
    frame = JSON.parse(raw);
  } catch {
    return invalid(raw);
  }
  if (!Array.isArray(frame) || typeof frame[0] !== 'number' || !KINDS[frame[0]]) return invalid(raw);
  const kind = KINDS[frame[0]];
  const messageId = field(frame[1]);
  const action = kind === 'call' ? field(frame[2]) : null;
  // The frame's text as sent (its escapes are storable) rather than a payload the database would refuse.
  if (findUnstorableText(frame) !== undefined) return { kind, messageId, action, payload: { unstorable: true, raw: replaceUnstorableText(raw) } };
  if (kind === 'call') return { kind, messageId, action, payload: frame[3] ?? {} };
  if (kind === 'result') return { kind, messageId, action, payload: frame[2] ?? {} };
  return { kind, messageId, action, payload: { errorCode: frame[2], errorDescription: frame[3], errorDetails: frame[4] } };
}
