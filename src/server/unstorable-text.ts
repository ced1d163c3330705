/**
 * NUL, or half of a UTF-16 surrogate pair: PostgreSQL refuses NUL in text and
 * jsonb (an internal error rather than a clear refusal), and a lone surrogate
 * is not Unicode at all. Web requests and OCPP messages are both checked here.
 */
const UNSTORABLE_TEXT = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The path (`root.key.0…`) of the first string or object key in `value` that
 * holds unstorable text, or undefined. A stack, not recursion: JSON.parse
 * takes nesting far deeper than the call stack.
 */
export function findUnstorableText(value: unknown, root = ''): string | undefined {
  const pending: { value: unknown; path: string }[] = [{ value, path: root }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { value: current, path } = item;
    if (typeof current === 'string') {
      if (UNSTORABLE_TEXT.test(current)) return path;
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        if (UNSTORABLE_TEXT.test(key)) return path;
        pending.push({ value: child, path: `${path}.${key}` });
      }
    }
  }
  return undefined;
}

/** `text` with every unstorable character replaced by U+FFFD, for logs that keep what was sent as far as they can. */
export const replaceUnstorableText = (text: string): string => text.replace(new RegExp(UNSTORABLE_TEXT.source, 'g'), '\ufffd');
