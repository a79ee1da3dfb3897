// Lists profile names exactly as the aws CLI (botocore) lists them, for completion.
import { awsConfigPaths, readOrEmpty } from './aws-config-paths.js';
import { iniProfileNames } from './botocore-profiles.js';
import { scanHeaders, scannedProfileNames } from './partial-config.js';
import { cachedNames } from './profile-names-cache.js';

/** Which file a text comes from: they name profiles differently. */
export type AwsFileKind = 'config' | 'credentials';

// The profile names one file's text declares, as botocore finds them; none when it refuses the file.
export function profileNamesIn(text: string, kind: AwsFileKind): string[] {
  return iniProfileNames(text, kind);
}

/**
 * For completion: the names the section headers give (a native regex over a
 * 10,000-profile file, no parse), which are botocore's names for any file it
 * accepts; a file only a full parse can read goes through profileNamesIn.
 * In a file botocore refuses for a bad line, completion still offers the
 * names, and exec and list report the line.
 */
function completionNames(text: string, kind: AwsFileKind): string[] {
  const scan = scanHeaders(text);
  return scan ? scannedProfileNames(scan, kind) : profileNamesIn(text, kind);
}

// Every profile name of both files, once each; unreadable files count as empty (for completion).
export function readProfileNames(env: NodeJS.ProcessEnv): string[] {
  const paths = awsConfigPaths(env);
  return cachedNames(env, [paths.config, paths.credentials], () => {
    const names = completionNames(readOrEmpty(paths.config), 'config');
    for (const name of completionNames(readOrEmpty(paths.credentials), 'credentials')) {
      names.push(name);
    }
    return [...new Set(names)];
  });
}
