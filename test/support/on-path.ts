import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

// True when an executable named `command` is on PATH.
export function onPath(command: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}
