// Checks profile names given on the command line.
import { matchedOrUsage } from '../errors.js';

const PROFILE_NAME = /^[\w.@+=,:/-]{1,128}$/;

// Accepts the profile names the AWS config format can hold; throws a usage error otherwise.
export function checkProfileName(name: string): string {
  return matchedOrUsage(
    name,
    PROFILE_NAME,
    `invalid profile name "${name.replace(/[^\x20-\x7e]/g, '?')}"`,
    'use up to 128 letters, digits and ._-@+=,:/',
  );
}
