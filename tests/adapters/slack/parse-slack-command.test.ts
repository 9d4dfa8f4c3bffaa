import { describe, expect, it } from 'vitest';
import { toBriefRequest, toDigestRequest, toQuoteRequest, unwrapSlackLinks } from '../../../adapters/slack/parse-slack-command.ts';

const here = { platform: 'slack', workspace: 'T1', channel: 'C1', user: 'U1' };

describe('Slack command text', () => {
  it('unwraps links once, with or without a label, and leaves mentions and plain words alone', () => {
    expect(unwrapSlackLinks('<https://example.com/a?b=1|example.com/a> and <http://x.test/>')).toBe('https://example.com/a?b=1 and http://x.test/');
    expect(unwrapSlackLinks('<@U123> said <#C1|general>')).toBe('<@U123> said <#C1|general>');
    expect(toBriefRequest('  <https://example.com/story|example.com/story> ', here)).toEqual({ target: here, query: 'https://example.com/story' });
  });

  it('reads a trailing link of /quote as the article, after some words', () => {
    expect(toQuoteRequest('Kallas sanctions <https://example.com/s|example.com/s>', here)).toEqual({ target: here, query: 'Kallas sanctions', url: 'https://example.com/s' });
    expect(toQuoteRequest('https://example.com/s', here)).toEqual({ target: here, query: 'https://example.com/s' });
  });

  it('reads /digest subscribe with its schedule, time zone and story count', () => {
    expect(toDigestRequest('subscribe <https://example.com/feed.xml> weekdays 09:30 Europe/Kyiv 3 stories', here)).toEqual({
      action: 'subscribe', target: here, url: 'https://example.com/feed.xml', schedule: 'weekdays 09:30', timeZone: 'Europe/Kyiv', stories: 3,
    });
    expect(toDigestRequest('subscribe content', here)).toEqual({ action: 'subscribe', target: here, url: 'content' });
    expect(toDigestRequest('REMOVE ab12cd', here)).toEqual({ action: 'remove', target: here, id: 'ab12cd' });
    expect(toDigestRequest('now', here)).toEqual({ action: 'now', target: here });
    expect(toDigestRequest('list', here)).toEqual({ action: 'list', target: here });
    expect(toDigestRequest('', here)).toEqual({ action: 'usage', target: here });
  });
});
