/**
 * Hashes what newsbrief makes of every evaluation text (../shared/eval: PolNeAR train and dev,
 * CNN/DailyMail dev) and of content/: the digest as JSON and its Slack, Discord, text and Markdown
 * renderings, and channel digests of consecutive articles (story grouping). A restructuring that
 * must not change behaviour prints the same hashes before and after.
 *
 *   node bin/run-ts.js scripts/hash-digests.ts [out.tsv]
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { formatChannelDigest, formatDigest, parseArticle, type Article } from '../src/core/index.ts';
import { toDiscordChannelDigest, toDiscordEmbeds } from '../adapters/discord/to-discord-embeds.ts';
import { toSlackChannelDigest, toSlackMessage } from '../adapters/slack/to-slack-message.ts';
import { toMarkdown } from '../adapters/terminal/to-markdown.ts';
import { toText } from '../adapters/terminal/to-text.ts';

const hash = (value: unknown): string => createHash('sha256').update(typeof value === 'string' ? value : JSON.stringify(value)).digest('hex').slice(0, 16);
const root = new URL('../../shared/eval/', import.meta.url);
const texts: { id: string; text: string }[] = [];
for (const name of ['quotes/polnear-train.jsonl', 'quotes/polnear-dev.jsonl', 'summaries/cnndm-dev.jsonl']) {
  const url = new URL(name, root);
  if (!existsSync(url)) continue;
  for (const line of readFileSync(url, 'utf8').trim().split('\n')) {
    const { id, text } = JSON.parse(line) as { id: string; text: string };
    texts.push({ id: `${name}:${id}`, text });
  }
}
const content = new URL('../content/', import.meta.url);
for (const file of readdirSync(content).filter((f) => f.endsWith('.txt') || f.endsWith('.md')).sort()) texts.push({ id: `content/${file}`, text: readFileSync(new URL(file, content), 'utf8') });

const rows: string[] = [];
const articles: Article[] = [];
for (const { id, text } of texts) {
  const article = parseArticle(text, { source: id });
  articles.push(article);
  const digest = formatDigest(article);
  rows.push(`${id}\t${hash(digest)}\t${hash(toSlackMessage(digest))}\t${hash(toDiscordEmbeds(digest))}\t${hash(toText(digest, { width: 80 }))}\t${hash(toMarkdown(digest))}`);
}
// Channel digests of 20 consecutive articles each: what story grouping decides.
for (let i = 0; i < articles.length; i += 20) {
  const digest = formatChannelDigest(articles.slice(i, i + 20).map((article) => ({ article, notice: null })), { maxStories: 10 });
  rows.push(`channel:${i}\t${hash(digest)}\t${hash(toSlackChannelDigest(digest))}\t${hash(toDiscordChannelDigest(digest))}`);
}
const out = process.argv[2];
if (out) writeFileSync(out, `${rows.join('\n')}\n`);
console.log(`${rows.length} rows, all: ${hash(rows.join('\n'))}`);
