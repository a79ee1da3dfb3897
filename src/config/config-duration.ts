// duration_seconds from a profile, read as botocore reads it: whole seconds, or an error saying where.
import { configError } from '../errors.js';
import type { AwsConfig, ProfileSettings } from './aws-config.js';

// Where a profile's setting was read, as "<file> line <n>" (or just the profile when unknown).
export function settingOrigin(config: AwsConfig, profile: string, key: string): string {
  const origin = config.origins?.get(profile)?.get(key);
  return origin
    ? `${key} of profile "${profile}" (${origin.path} line ${origin.line})`
    : `${key} of profile "${profile}"`;
}

/**
 * The aws CLI takes duration_seconds as an integer: `2h` or `7200 ; note`
 * (comments are only whole lines in these files) fail there too, so they are
 * refused here, naming the profile, the key and the line, rather than read as
 * something the aws CLI would not. Returns a label for range errors.
 */
export function checkConfigDuration(
  config: AwsConfig,
  profile: string,
  settings: ProfileSettings,
): string | undefined {
  const value = settings.duration_seconds;
  if (value === undefined) return undefined;
  const where = settingOrigin(config, profile, 'duration_seconds');
  if (!/^\d+$/.test(value.trim())) {
    throw configError(
      `${where} is "${value}", not a whole number of seconds`,
      'write whole seconds, e.g. duration_seconds = 7200, and put any comment on a line of its own: the aws CLI reads the value the same way',
    );
  }
  const origin = config.origins?.get(profile)?.get('duration_seconds');
  const place = origin ? `, ${origin.path} line ${origin.line}` : '';
  return `${value.trim()} (duration_seconds of profile "${profile}"${place})`;
}
