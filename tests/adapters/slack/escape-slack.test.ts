import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeSlack, unescapeSlack } from '../../../adapters/slack/to-slack-message.ts';

// Why a soft hyphen and not a zero-width space. Slack's formatting reference
// (https://api.slack.com/reference/surfaces/formatting#escaping) names only &, < and > as control
// characters, to be sent as entities, and mrkdwn has no escape for *, _, ~, ` or a leading >
// (Slack's answer in slackhq/slack-api-docs#34: a backslash does not escape; a mark formats only
// at a word boundary). A zero-width space *is* a word boundary to Slack: jsx-slack's "exact mode"
// inserts U+200B around marks precisely to force formatting inside a word. A soft hyphen (U+00AD)
// is invisible and no boundary, so a mark right after it cannot open or close; jsx-slack uses the
// same U+00AD before a leading &gt; so the line is not a block quote.
describe('escapeSlack', () => {
  it('puts a soft hyphen, never a zero-width space, before every formatting mark and a leading &gt;', () => {
    const escaped = escapeSlack('*bold* _italic_ ~strike~ `code`\n> quoted');
    expect(escaped).toBe('\u00ad*bold\u00ad* \u00ad_italic\u00ad_ \u00ad~strike\u00ad~ \u00ad`code\u00ad`\n\u00ad&gt; quoted');
    expect(escaped).not.toMatch(/\u200b/);
  });

  it('turns only &, < and > into entities, as Slack asks, and leaves other characters as they are', () => {
    expect(escapeSlack('Tom & Jerry <b> "quoted" it’s 3.5% é')).toBe('Tom &amp; Jerry &lt;b&gt; "quoted" it’s 3.5% é');
  });

  it('keeps the zero-width space for @here, @channel and @everyone only, where a boundary does no harm', () => {
    expect(escapeSlack('ask @here or @channel')).toBe('ask @\u200bhere or @\u200bchannel');
  });

  it('is undone exactly by unescapeSlack, and leaves no mark or < > & unescaped, on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('*', '_', '~', '`', '>', '<', '&', 'a', ' ', '\n', '@', 'h', 'e', 'r') }), (text) => {
        const escaped = escapeSlack(text);
        expect(unescapeSlack(escaped)).toBe(text);
        expect(escaped).not.toMatch(/(?<!\u00ad)[*_~`]|[<>]|&(?!amp;|lt;|gt;)|^(?:&gt;)/m);
      }),
      { numRuns: 300 },
    );
  });
});
