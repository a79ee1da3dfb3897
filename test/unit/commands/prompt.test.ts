import { describe, expect, it } from 'vitest';
import { promptCommand, promptText } from '../../../src/commands/prompt.js';

const NOW = Date.parse('2030-01-01T12:00:00Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

describe('awsrole prompt', () => {
  it.each([
    [42 * 60 + 30, 'prod (42m)'],
    [3600, 'prod (1h)'],
    [3600 + 5 * 60, 'prod (1h05m)'],
    [12 * 3600 - 1, 'prod (11h59m)'],
    [30, 'prod (<1m)'],
    [0, 'prod (expired)'],
    [-600, 'prod (expired)'],
  ])('shows %i seconds left as %j', (seconds, text) => {
    expect(promptText({ AWSROLE: 'prod', AWS_CREDENTIAL_EXPIRATION: at(seconds) }, NOW)).toBe(text);
  });

  it('shows the role alone without an expiry, and reads the older variable name', () => {
    expect(promptText({ AWSROLE: 'prod' }, NOW)).toBe('prod');
    expect(promptText({ AWSROLE: 'prod', AWS_CREDENTIAL_EXPIRATION: 'soon' }, NOW)).toBe('prod');
    expect(promptText({ AWSROLE: 'prod', AWS_SESSION_EXPIRATION: at(600) }, NOW)).toBe(
      'prod (10m)',
    );
  });

  it('prints nothing outside a session, and never a control character', () => {
    expect(promptText({ AWS_CREDENTIAL_EXPIRATION: at(600) }, NOW)).toBe('');
    expect(promptText({ AWSROLE: 'a\u001b]0;x\u0007b' }, NOW)).toBe('a?]0;x?b');
  });

  it('prints one line, or nothing, and succeeds either way', () => {
    const out: string[] = [];
    const io = (env: NodeJS.ProcessEnv) => ({ env, out: (t: string) => void out.push(t) });
    expect(promptCommand(io({}), () => NOW)).toEqual({ exitCode: 0 });
    expect(promptCommand(io({ AWSROLE: 'dev' }), () => NOW)).toEqual({ exitCode: 0 });
    expect(out).toEqual(['dev\n']);
  });
});
