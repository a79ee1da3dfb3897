// Reads all of stdin as bytes (for non-interactive input to `add`).

// Collects stdin until EOF; an empty or closed stdin gives an empty buffer.
export async function readAllStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks);
}
