import type { Block } from '../../parse-article.ts';
import type { QuoteSpan } from '../../find-quote-spans.ts';
import type { Found } from '../attribution.ts';
import { nounPhraseAfter } from '../noun-phrases.ts';
import type { SpeakerRule } from './speaker-rule.ts';

/** A dash and a name sign the quote: `“…” - Bernie Sanders.` */
export const signature: SpeakerRule<'signature'> = { name: 'signature', propose: (q) => matchSignature(q.text, q.quote, q.endBlock) };

function matchSignature(text: string, quote: QuoteSpan, block: Block): Found | null {
  const m = /^\s*[―—–-]+\s*/u.exec(text.slice(quote.outerEnd, Math.min(block.end, quote.outerEnd + 10)));
  if (!m) return null;
  const np = nounPhraseAfter(text, quote.outerEnd + m[0].length, Math.min(block.end, quote.outerEnd + 80));
  return np && /^\p{Lu}/u.test(np.text) ? { mention: np, cue: '―' } : null;
}
