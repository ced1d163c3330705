import { z } from 'zod';
import { getConfig } from '@/server/config';
import { OutboundRefusedError, postJson } from '@/server/net/outbound';
import type { Rendered } from '../templates';
import { errorText, type SendOutcome } from './outcome';

const TIMEOUT_MS = 10_000;
const TOPIC = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A topic URL as ntfy shows it (`https://ntfy.sh/my-topic`, or a self-hosted
 * server): http(s), no credentials, a path of exactly one topic name.
 */
export const ntfyUrlSchema = z
  .string()
  .trim()
  .max(500)
  .pipe(z.url({ protocol: /^https?$/, message: 'Enter a topic URL such as https://ntfy.sh/my-topic' }))
  .refine((value) => {
    const url = new URL(value);
    return !url.username && !url.password && !url.search && !url.hash && TOPIC.test(url.pathname.slice(1));
  }, 'Enter a topic URL such as https://ntfy.sh/my-topic (letters, digits, - and _ in the topic)');

/** Publishes as JSON to the server's root (ntfy's JSON form), through the outbound guard. */
export async function sendNtfy(topicUrl: string, rendered: Rendered, link: string): Promise<SendOutcome> {
  const url = new URL(topicUrl);
  const message = { topic: url.pathname.slice(1), title: rendered.title, message: rendered.lines.join('\n') || rendered.title, click: link };
  try {
    const response = await postJson(`${url.origin}/`, message, {
      allowPrivateAddresses: getConfig().notifications.allowPrivateAddresses,
      timeoutMs: TIMEOUT_MS,
    });
    if (response.status >= 200 && response.status < 300) return { kind: 'sent' };
    const error = `ntfy answered ${response.status}${response.body ? `: ${response.body.slice(0, 200)}` : ''}`;
    return { kind: response.status >= 500 || response.status === 429 || response.status === 408 ? 'retry' : 'failed', error };
  } catch (error) {
    return { kind: error instanceof OutboundRefusedError ? 'failed' : 'retry', error: errorText(error) };
  }
}
