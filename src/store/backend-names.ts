// The names of the secret store backends, for --backend, AWSROLE_BACKEND and completion.

export const BACKEND_NAMES = ['keyring', 'file'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

// Narrows a string to a backend name.
export function isBackendName(name: string | undefined): name is BackendName {
  return (BACKEND_NAMES as readonly (string | undefined)[]).includes(name);
}
