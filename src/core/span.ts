/** A verbatim piece of an article: `text === article.text.slice(start, end)`. */
export interface Span {
  text: string;
  start: number;
  end: number;
}

/** Cuts `[start, end)` out of `text`, trimming whitespace so the span never starts or ends blank. */
export function sliceSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  return { text: text.slice(s, e), start: s, end: e };
}

/** Whitespace test without a regex, because it runs on every character of every article. */
export function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x3000 || (code >= 0x2000 && code <= 0x200a);
}
