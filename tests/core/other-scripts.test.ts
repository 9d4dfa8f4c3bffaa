import { describe, expect, it } from 'vitest';
import { formatDigest, parseArticle, wordCount } from '../../src/core/index.ts';
import { extractArticle } from '../../adapters/sources/extract-article.ts';

const japanese = [
  '東京都は十日、新しい交通計画を発表した。計画では、二〇三〇年までに全ての路線バスを電気バスに切り替える。知事は記者会見で「都民の生活を守るための第一歩だ」と述べた。',
  '計画には約三千億円が必要になる見込みで、都は国に支援を求める方針だ。専門家からは実現性を疑問視する声も上がっている。',
].join('\n\n');
const chinese = '国家统计局周五公布的数据显示，今年前三季度国内生产总值同比增长百分之五。分析人士认为，消费回暖是经济增长的主要动力。\n\n不过，房地产市场仍然低迷，地方政府债务问题也引起关注。专家建议继续加大财政支持力度！';

describe('articles in scripts without spaces or Latin stops', () => {
  it('summarises a Japanese and a Chinese article in whole sentences', () => {
    for (const text of [japanese, chinese]) {
      const digest = formatDigest(parseArticle(text, { source: 'x' }));
      expect(digest.summary).toHaveLength(3);
      for (const s of digest.summary) {
        expect(text.slice(s.start, s.end)).toBe(s.text);
        expect(s.text).toMatch(/[。！？]$/);
      }
    }
  });

  it('counts words with Intl.Segmenter where words are not separated by spaces', () => {
    expect(wordCount('東京都は十日、新しい交通計画を発表した。')).toBeGreaterThan(6);
    expect(wordCount('The mayor spoke on Monday.')).toBe(5);
    const page = `<html><head><title>交通計画</title></head><body><article>${Array.from({ length: 6 }, () => `<p>${japanese.replace('\n\n', '')}</p>`).join('')}</article></body></html>`;
    expect(extractArticle(page, 'https://news.example/ja').notice).toBeNull(); // no false "Only N words could be read"
  });
});
