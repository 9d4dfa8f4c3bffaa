import { formatDigest, parseArticle } from './src/index.ts';
for (const n of [2000, 5000]) {
const text = Array.from({ length: n }, (_, i) => `"Quote ${i} here," he said.`).join(' ');
let t = Date.now(); formatDigest(parseArticle(text, { source: 'x' })); console.log(text.length, n, 'quotes in one paragraph', Date.now() - t, 'ms');
const text2 = Array.from({ length: n }, (_, i) => `"Quote ${i} here," she said.`).join('\n\n');
t = Date.now(); formatDigest(parseArticle(text2, { source: 'x' })); console.log(text2.length, n, 'paragraphs', Date.now() - t, 'ms');
const text3 = Array.from({ length: n }, (_, i) => `Officer John Smith${i} spoke. "Quote ${i} here," he said.`).join(' ');
t = Date.now(); formatDigest(parseArticle(text3, { source: 'x' })); console.log(text3.length, n, 'distinct names one paragraph', Date.now() - t, 'ms');
}
