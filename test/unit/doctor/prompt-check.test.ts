import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/doctor/check.js';
import { promptCheck } from '../../../src/doctor/prompt-check.js';

describe('doctor: mfa prompts', () => {
  let bin: string;
  beforeEach(() => {
    bin = mkdtempSync(join(tmpdir(), 'awsrole-prompt-check-'));
    // Stand-ins: only their presence on PATH matters here.
    for (const name of ['zenity', 'ykman']) {
      writeFileSync(join(bin, name), '#!/bin/sh\nexit 0\n');
      chmodSync(join(bin, name), 0o755);
    }
  });
  afterEach(() => rmSync(bin, { recursive: true, force: true }));

  it('lists the drivers this machine has and what asks without a terminal', () => {
    const result = promptCheck({ PATH: bin, DISPLAY: ':3' }, true, 'linux');
    expect(result).toEqual({
      check: 'mfa prompts',
      status: 'ok',
      message:
        "available here: terminal, zenity, ykman; without a terminal (an IDE's credential_process) codes are asked with zenity (automatic: no terminal; DISPLAY=:3 and zenity installed)",
    });
    expect(promptCheck({ PATH: bin }, false, 'linux').message).toBe(
      "available here: ykman; without a terminal (an IDE's credential_process) codes are asked with none (no terminal and no display)",
    );
  });

  it('an AWSROLE_PROMPT that cannot work here fails the check with the fix', async () => {
    const [result] = await runCheck('mfa prompts', async () => [
      promptCheck({ PATH: bin, AWSROLE_PROMPT: 'pass' }, true, 'linux'),
    ]);
    expect(result?.status).toBe('fail');
    expect(result?.message).toMatch(
      /^the MFA prompt pass \(AWSROLE_PROMPT\) cannot ask here: pass is not installed/,
    );
  });
});
