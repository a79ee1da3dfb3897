// aws-vault's include_profile: a profile takes the settings of another, its own winning.
import { configError } from '../errors.js';
import type { AwsConfig, ProfileSettings } from './aws-config.js';

// A profile's settings with those of the profiles it includes (recursively) underneath; undefined when absent.
export function profileSettings(config: AwsConfig, name: string): ProfileSettings | undefined {
  const seen: string[] = [];
  const layers: ProfileSettings[] = [];
  let current: string | undefined = name;
  while (current !== undefined) {
    if (seen.includes(current)) {
      throw configError(
        `include_profile cycle: ${[...seen, current].join(' -> ')}`,
        'remove the loop in your AWS config',
      );
    }
    seen.push(current);
    const settings = config.profiles.get(current);
    if (settings === undefined) {
      if (seen.length === 1) return undefined;
      throw configError(
        `profile "${seen.at(-2)}" includes profile "${current}", which is not in ${config.configPath}`,
        'fix include_profile or add that profile',
      );
    }
    layers.unshift(settings);
    current = settings.include_profile || undefined;
  }
  if (layers.length === 1) return layers[0];
  const merged: Record<string, string | undefined> = Object.assign(Object.create(null), ...layers);
  delete merged.include_profile;
  return merged;
}
