// Refuses a file-store directory that other users can reach: the entries are encrypted, but their
// names say which profiles exist, and a writable directory lets others replace or remove them.
import { stat } from 'node:fs/promises';
import { storeError } from '../errors.js';

// Resolves when the directory is missing (it will be created 0700) or private to its owner.
export async function checkPrivateDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let mode: number;
  try {
    mode = (await stat(dir)).mode;
  } catch {
    return; // missing or unreadable: the operation itself reports it
  }
  if ((mode & 0o077) === 0) return;
  const octal = (mode & 0o777).toString(8);
  throw storeError(
    `the encrypted file store ${dir} is open to group or other users (mode ${octal}), so awsrole will not use it`,
    `make it private with \`chmod 700 ${dir}\`, then run the command again`,
  );
}
