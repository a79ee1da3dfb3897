// `awsrole prompt` from the built binary, and the documented prompt snippets rendered by real
// bash, zsh and fish inside and outside an awsrole session.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runAwsrole } from '../support/cli.js';
import { hasShell } from '../support/completion/shells.js';
import { makeHome, type TempHome } from '../support/home.js';

const run = promisify(execFile);

/** An expiry 42 minutes (and a half) from now, as exec sets it. */
const in42m = () => `${new Date(Date.now() + 42.5 * 60_000).toISOString().slice(0, 19)}Z`;

/** The fenced code block for `shell` in the Prompts section of the docs. */
function docSnippet(shell: string): string {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'completion-and-prompts.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Prompts'));
  const block = new RegExp(`\`\`\`${shell}\\n([\\s\\S]*?)\`\`\``).exec(section);
  if (!block?.[1]) {
    throw new Error(`no ${shell} snippet under "## Prompts" in docs/completion-and-prompts.md`);
  }
  return block[1];
}

describe('awsrole prompt', () => {
  let home: TempHome;
  let env: { HOME: string } & Record<string, string>;
  beforeAll(() => {
    home = makeHome();
    env = { HOME: home.dir, PATH: `${join(REPO_ROOT, 'bin')}:${process.env.PATH}` };
  });
  afterAll(() => home?.remove());

  it('prints the role and the time left inside a session', async () => {
    const session = { ...env, AWSROLE: 'prod', AWS_CREDENTIAL_EXPIRATION: in42m() };
    const r = await runAwsrole(['prompt'], { env: session });
    expect(r).toMatchObject({ code: 0, stdout: 'prod (42m)\n', stderr: '' });
  });

  it('prints nothing, successfully, outside a session', async () => {
    const r = await runAwsrole(['prompt'], { env });
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('has help like any command', async () => {
    const r = await runAwsrole(['prompt', '--help'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('role (42m)');
  });

  describe('the documented snippets', () => {
    const role = 'team:dev@eu+1%a/b.c';
    const inside = () => ({ ...env, AWSROLE: role, AWS_CREDENTIAL_EXPIRATION: in42m() });
    const shown = `[${role} (42m)] `;

    it.skipIf(!hasShell('bash'))('render in bash', async () => {
      const script = `PS1='$ '\n${docSnippet('bash')}\nprintf '%s' "\${PS1@P}"`;
      const argv = ['--norc', '--noprofile', '-c', script];
      expect((await run('bash', argv, { env: inside() })).stdout).toBe(`${shown}$ `);
      expect((await run('bash', argv, { env })).stdout).toBe('$ ');
    });

    it.skipIf(!hasShell('zsh'))('render in zsh', async () => {
      // (e) then (%): parameter expansion and command substitution, then prompt escapes,
      // as zsh does for a PROMPT_SUBST prompt.
      const script = `PROMPT='> '\n${docSnippet('zsh')}\nprint -rn -- "\${(%e)PROMPT}"`;
      expect((await run('zsh', ['-f', '-c', script], { env: inside() })).stdout).toBe(`${shown}> `);
      expect((await run('zsh', ['-f', '-c', script], { env })).stdout).toBe('> ');
    });

    it.skipIf(!hasShell('fish'))('render in fish', async () => {
      const script = `function fish_prompt; printf '> '; end\n${docSnippet('fish')}\nfish_prompt`;
      const argv = ['--no-config', '-c', script];
      expect((await run('fish', argv, { env: inside() })).stdout).toBe(`${shown}> `);
      expect((await run('fish', argv, { env })).stdout).toBe('> ');
    });
  });
});
