import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-table.js';
import { assumeRoles, type CachePeers, keyId, PRINT_KEY } from '../support/cache/peers.js';
import { useWalkthroughSandbox } from '../support/cache/suite.js';
import { REPO_ROOT } from '../support/cli.js';
import type { Sandbox } from '../support/e2e.js';
import { motoPresent } from '../support/moto.js';

const TRACE = fileURLToPath(new URL('../support/cache/trace-imports.mjs', import.meta.url));

describe.skipIf(!motoPresent())('exec from the cache alone', () => {
  let peers: CachePeers;
  let sb: Sandbox;

  useWalkthroughSandbox('suite', (s) => {
    ({ peers, sb } = s);
  });

  // Runs awsrole with every loaded module URL logged to a file; returns the result and the URLs.
  async function traced(name: string, args: readonly string[]) {
    const log = join(sb.home.dir, `${name}.imports`);
    const result = await sb.run([...args], {
      env: { AWSROLE_TEST_IMPORT_LOG: log },
      nodeArgs: ['--import', TRACE],
    });
    return { result, imports: readFileSync(log, 'utf8').split('\n') };
  }

  const tracedExec = (name: string) => traced(name, ['exec', 's3', ...PRINT_KEY]);

  it('serves the second exec with moto stopped: same key, no request, no SDK loaded', async () => {
    const first = await tracedExec('first');
    const key = keyId(first.result);
    expect(assumeRoles(peers.proxy)).toHaveLength(1);
    // The trace sees the SDK chunk when STS is called, so its absence below means something.
    expect(first.imports.some((url) => /\/sts-sdk(-[^/]*)?\.mjs$/.test(url))).toBe(true);

    await peers.moto.stop();
    peers.proxy.clear();
    const second = await tracedExec('second');
    expect(keyId(second.result)).toBe(key);
    expect(peers.proxy.requests()).toEqual([]);
    expect(second.imports.some((url) => /dist\/awsrole\.mjs$/.test(url))).toBe(true);
    expect(second.imports.filter((url) => /sts-sdk|@aws-sdk|@smithy\//.test(url))).toEqual([]);
    // The hot path parses its own flags: the yargs CLI chunk stays unloaded too.
    expect(first.imports.some((url) => /\/run-cli-[^/]*\.mjs$/.test(url))).toBe(false);
    expect(second.imports.filter((url) => /\/run-cli-|yargs/.test(url))).toEqual([]);
    // Nor the credential server (only --server needs it), which would bring node:http. The hot
    // bundles take built-ins through getBuiltinModule, which module hooks never see: the trace's
    // builtin: lines list every built-in loaded by any means, and the first run shows they do
    // record node:http when something loads it (the SDK).
    expect(first.imports).toContain('builtin:http');
    expect(second.imports).not.toContain('builtin:http');

    // STS really is gone: bypassing the cache fails.
    const bypass = await sb.run(['exec', 's3', '--no-cache', ...PRINT_KEY]);
    expect(bypass.code).not.toBe(0);
    expect(bypass.stdout).toBe('');
    expect(assumeRoles(peers.proxy).length).toBeGreaterThanOrEqual(1);
  });

  it('serves credential_process from the cache the same way: no yargs, no SDK', async () => {
    // moto is stopped by the test above: only the cache can answer.
    const { result, imports } = await traced('export', [
      'export',
      's3',
      '--format',
      'credential-process',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ Version: 1 });
    expect(imports.filter((url) => /\/run-cli-|yargs|sts-sdk|@aws-sdk/.test(url))).toEqual([]);
    expect(imports).not.toContain('builtin:http');
  });

  it('the hot-path bundles hold no SDK, yargs or HTTP server code of their own', () => {
    // The trace above sees files; code bundled into a hot-path file would not show as one.
    const files = ['fast-command', 'fast-complete', 'fast-completion-script'].map((name) =>
      join('standalone', `${name}.mjs`),
    );
    // The entry holds --version and prompt.
    for (const name of ['awsrole.mjs', ...files]) {
      const text = readFileSync(join(REPO_ROOT, 'dist', name), 'utf8');
      const bundled = [...text.matchAll(/^\/\/ (node_modules\/(?:@aws-sdk|yargs|execa)[^\n]*)$/gm)];
      expect(
        bundled.map((m) => m[1]),
        name,
      ).toEqual([]);
    }
    // The entry (--version, prompt) is one file: no static import, not even of a built-in.
    const entryText = readFileSync(join(REPO_ROOT, 'dist', 'awsrole.mjs'), 'utf8');
    expect(entryText).not.toMatch(/^import[\s{*]/m);
    // The hot paths take built-ins with getBuiltinModule: an ESM import of one costs ~2 ms.
    for (const name of files) {
      const text = readFileSync(join(REPO_ROOT, 'dist', name), 'utf8');
      expect(text, name).not.toMatch(/^import .* from "node:/m);
    }
    // The entry routes exactly the table's fast words (commands and aliases) to their paths.
    const routes = COMMANDS.flatMap((c) =>
      c.fast ? [c.name, ...(c.aliases ?? [])].map((word) => `${word}=${c.fast}`) : [],
    );
    const entry = readFileSync(join(REPO_ROOT, 'dist', 'awsrole.mjs'), 'utf8');
    expect(entry).toContain(`${JSON.stringify(routes.join(' '))}.split(" ")`);
    // The leaves it loads on demand are files of their own, beside it.
    const hot = readFileSync(join(REPO_ROOT, 'dist', 'standalone', 'fast-command.mjs'), 'utf8');
    expect(hot).toContain('import("./sts-sdk.mjs")');
    expect(hot).toContain('import("./exec-server.mjs")');
    expect(hot).toContain('import("./sso-sdk.mjs")');
    expect(hot).toContain('import("./sign-in.mjs")');
  });

  it('the standalone files share one errors module, and the server file no copy of the credential chain', () => {
    const dir = join(REPO_ROOT, 'dist', 'standalone');
    const copies = readdirSync(dir).filter(
      (name) =>
        name.endsWith('.mjs') &&
        /\bAwsroleError\d* = class\b/.test(readFileSync(join(dir, name), 'utf8')),
    );
    expect(copies).toEqual(['errors.mjs']);
    const server = readFileSync(join(dir, 'exec-server.mjs'), 'utf8');
    expect(server).toContain('from "./errors.mjs"');
    expect(server).not.toMatch(/function credentialsFor\b/);
  });
});
