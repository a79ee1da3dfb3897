// `awsrole export <role>`: print temporary credentials for the shell, .env files or credential_process.
import type { Credentials } from '../credentials/credentials.js';
import { keyReader } from '../credentials/obtain.js';
import { recordHistory } from '../history/entry.js';
import type { TargetOptions } from '../target/target.js';
import type { CommandResult, Io, Services } from './context.js';
import { exitWith } from './context.js';
import { credentialsFor, noRole, resolveChain, type SessionOptions } from './credentials-for.js';
import { checkFormat, renderExport } from './export-formats.js';
import { refuseNested } from './nested.js';

/** Parsed `export` options. */
export interface ExportOptions extends TargetOptions, SessionOptions {
  readonly role: string;
  readonly format: string;
  /** Print a plain profile's long-term keys instead of a session. */
  readonly allowLongTerm: boolean;
}

// Prints the role's credentials in the chosen format; warns on stderr when a terminal shows them.
export async function exportCommand(
  options: ExportOptions,
  io: Io,
  services: Services,
): Promise<CommandResult> {
  const format = checkFormat(options.format);
  // Inside `awsrole exec`, printing another role's keys mixes two sessions (and the store's
  // passphrase is not passed down): refuse first. credential_process, run by an SDK with an
  // explicit --profile, stays allowed.
  if (format !== 'credential-process') refuseNested(io.env);
  const { credentials, region } = await exportCredentials(options, io, services);
  io.out(renderExport(format, credentials, region));
  if (io.stdoutIsTty) {
    io.err(
      'awsrole: the credentials above are secret: clear your scrollback if others can see this terminal',
    );
  }
  return exitWith(0);
}

/**
 * A profile without a role normally gets a GetSessionToken session, so even
 * a plain profile never prints long-term keys; --allow-long-term is the one
 * way to print them as they are stored.
 */
async function exportCredentials(
  options: ExportOptions,
  io: Io,
  services: Services,
): Promise<{ credentials: Credentials; region: string | undefined }> {
  if (options.allowLongTerm) {
    const { target, source } = await resolveChain(options.role, options, io, services);
    const longTerm = noRole(target) ? source.longTermKeys : undefined;
    if (longTerm) {
      const keys = await longTerm({ keys: keyReader(services.store()) });
      // Long-term keys handed out are an issuance too: the history records it (never the keys).
      recordHistory(io.env, services.now(), {
        command: options.format === 'credential-process' ? 'credential_process' : 'export',
        target,
        sourceKind: 'long-term',
        fromCache: false,
        credentials: {},
      });
      return {
        credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
        region: target.region,
      };
    }
  }
  const provided = await credentialsFor(options.role, options, io, services);
  recordHistory(io.env, services.now(), {
    command: options.format === 'credential-process' ? 'credential_process' : 'export',
    ...provided,
    sourceKind: provided.source.kind,
  });
  return { credentials: provided.credentials, region: provided.target.region };
}
