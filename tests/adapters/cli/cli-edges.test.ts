import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../../adapters/cli/main.ts';
import { terminalWidth } from '../../../adapters/cli/run-briefs.ts';
import { escapeMarkdown } from '../../../adapters/terminal/to-markdown.ts';
import { createPageFetcher } from '../../../adapters/sources/create-page-fetcher.ts';

const seed = 'content/2025-08-12-kallas-putin-alaska.txt';

/** Runs the CLI in this process, with no environment, and returns what it wrote. */
async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: (s: string) => ((stderr += s), true) }, env: {} });
  return { stdout, stderr, code };
}

const HINT = 'Run newsbrief --help for the commands and options.\n';

describe('the command line’s rough edges', () => {
  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(await cli('--version')).toEqual({ stdout: `newsbrief ${version}\n`, stderr: '', code: 0 });
  });

  it('says in its own words what is wrong with an option, once, without the usage block', async () => {
    expect(await cli('brief', seed, '--colour')).toEqual({ stdout: '', stderr: `newsbrief: unknown option --colour (see newsbrief --help)\n${HINT}`, code: 2 });
    expect(await cli('brief', seed, '--sentences', '-1')).toEqual({ stdout: '', stderr: `newsbrief: --sentences must be a whole number from 0 to 50, not "-1"\n${HINT}`, code: 2 });
    expect((await cli('brief', seed, '--quotes', 'lots')).stderr).toBe(`newsbrief: --quotes must be a whole number from 0 to 50, not "lots"\n${HINT}`);
    expect((await cli('brief', seed, '--format')).stderr).toBe(`newsbrief: --format needs a value\n${HINT}`);
    expect((await cli('frobnicate')).stderr).toBe(`newsbrief: unknown command "frobnicate"\n${HINT}`);
    expect((await cli('brief')).stderr).not.toContain('usage:');
    expect((await cli('--help')).stdout).toMatch(/^usage:\n/);
  });

  it('briefs a file given where the command goes (npm run brief -- file.txt)', async () => {
    const { stdout, code } = await cli(seed, '--sentences', '1');
    expect(code).toBe(0);
    expect(stdout).toContain('— Kaja Kallas');
  });

  it('quote honours --quotes in the human formats', async () => {
    const three = await cli('quote', seed, 'Kallas');
    const one = await cli('quote', seed, 'Kallas', '--quotes', '1');
    expect(three.stdout.trim().split('\n').length).toBeGreaterThan(1);
    expect(one.stdout.trim().split('\n')).toHaveLength(1);
    expect(one.code).toBe(0);
  });

  it('wraps at 80 when the terminal reports width 0', () => {
    expect(terminalWidth(0)).toBe(80);
    expect(terminalWidth(undefined)).toBe(80);
    expect(terminalWidth(60)).toBe(60);
    expect(terminalWidth(200)).toBe(100);
  });

  it('escapes in Markdown only what Markdown would read as markup', () => {
    expect(escapeMarkdown('Mr. Smith (62) said a well-known fact. #1!')).toBe('Mr. Smith (62) said a well-known fact. #1!');
    expect(escapeMarkdown('*bold* _it_ `code` [link](x) <b> ~~no~~ a|b \\ &amp;')).toBe('\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\<b> \\~\\~no\\~\\~ a\\|b \\\\ \\&amp;');
  });

  it('says the network is unreachable when names cannot be looked up, not that the site does not exist', async () => {
    const offline = createPageFetcher({ resolve: async () => Promise.reject(Object.assign(new Error('getaddrinfo EAI_AGAIN www.bbc.com'), { code: 'EAI_AGAIN' })) });
    await expect(offline('https://www.bbc.com/news')).rejects.toMatchObject({ code: 'FETCH_FAILED', message: 'could not look up www.bbc.com: the network or its name server is unreachable (try again when online)' });
  });
});
