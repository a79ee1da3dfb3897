// Preload for `node --import`: appends every module URL the process loads to $AWSROLE_TEST_IMPORT_LOG,
// and at exit the Node built-ins it loaded by any means (`builtin:crypto`), import or getBuiltinModule.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';

const log = process.env.AWSROLE_TEST_IMPORT_LOG;
register(new URL('./trace-imports-hooks.mjs', import.meta.url), { data: { log } });
if (log) {
  process.on('exit', () => {
    const builtins = process.moduleLoadList
      .filter((entry) => entry.startsWith('NativeModule '))
      .map((entry) => `builtin:${entry.slice('NativeModule '.length)}`);
    appendFileSync(log, `${builtins.join('\n')}\n`);
  });
}
