// The names of the MFA prompt drivers, for --prompt, AWSROLE_PROMPT, mfa_prompt and completion.

export const PROMPT_DRIVERS = [
  'terminal',
  'zenity',
  'kdialog',
  'osascript',
  'ykman',
  'pass',
] as const;
export type PromptDriver = (typeof PROMPT_DRIVERS)[number];

// Narrows a string to a driver name.
export function isPromptDriver(name: string | undefined): name is PromptDriver {
  return (PROMPT_DRIVERS as readonly (string | undefined)[]).includes(name);
}
