// Preload for `node --import`: appends every module URL the process loads to $AWSROLE_TEST_IMPORT_LOG.
import { register } from 'node:module';

register(new URL('./trace-imports-hooks.mjs', import.meta.url), {
  data: { log: process.env.AWSROLE_TEST_IMPORT_LOG },
});
