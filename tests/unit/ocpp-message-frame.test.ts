/** How the message log reads frames a charge point may send: well-formed, huge, broken, or holding text PostgreSQL refuses. */
import { describe, expect, it } from 'vitest';
import { STORED_PAYLOAD_MAX_CHARS } from '@/server/chargers/ocpp/events';
import { parseFrame } from '@/server/chargers/ocpp/message-frame';
import { findUnstorableText } from '@/server/unstorable-text';

describe('parseFrame', () => {
  it('reads calls, results and CALLERRORs', () => {
    expect(parseFrame('[2,"a1","Heartbeat",{}]')).toEqual({ kind: 'call', messageId: 'a1', action: 'Heartbeat', payload: {} });
    expect(parseFrame('[3,"a1",{"currentTime":"x"}]')).toEqual({ kind: 'result', messageId: 'a1', action: null, payload: { currentTime: 'x' } });
    expect(parseFrame('[4,"a1","NotImplemented","No",{}]')).toEqual({
      kind: 'error',
      messageId: 'a1',
      action: null,
      payload: { errorCode: 'NotImplemented', errorDescription: 'No', errorDetails: {} },
    });
  });

  it('keeps what is not OCPP-J as text', () => {
    expect(parseFrame('not json')).toEqual({ kind: 'invalid', messageId: null, action: null, payload: { raw: 'not json' } });
    expect(parseFrame('["2","a","Heartbeat",{}]').kind).toBe('invalid');
    expect(parseFrame('{"a":1}').kind).toBe('invalid');
  });

  it('stores a frame above the cap as a marker with its start, without parsing it', () => {
    const raw = JSON.stringify([2, 'big', 'DataTransfer', { vendorId: 'x', data: 'y'.repeat(STORED_PAYLOAD_MAX_CHARS * 4) }]);
    const frame = parseFrame(raw);
    expect(frame).toMatchObject({ kind: 'call', messageId: 'big', action: 'DataTransfer', payload: { truncated: true, chars: raw.length } });
    expect(JSON.stringify(frame.payload).length).toBeLessThan(2048);
    expect(parseFrame(`[3,"r",${JSON.stringify({ d: 'z'.repeat(STORED_PAYLOAD_MAX_CHARS) })}]`)).toMatchObject({ kind: 'result', messageId: 'r', action: null });
  });

  it('cuts long ids and actions and never keeps text PostgreSQL refuses', () => {
    const long = parseFrame(JSON.stringify([2, 'i'.repeat(500), 'A'.repeat(500), {}]));
    expect(long.messageId).toHaveLength(64);
    expect(long.action).toHaveLength(64);
    for (const raw of ['[2,"a\\u0000","Heartbeat",{}]', '[2,"a","DataTransfer",{"data":"\\ud800"}]', 'broken\u0000', `[2,"a","X",{"d":"${'\u0000'.repeat(STORED_PAYLOAD_MAX_CHARS)}"}]`]) {
      const frame = parseFrame(raw);
      expect(findUnstorableText(frame), raw.slice(0, 40)).toBeUndefined();
    }
  });
});
