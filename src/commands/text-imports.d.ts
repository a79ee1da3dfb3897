// Files imported `with { type: 'text' }` are strings (esbuild's text loader).
declare module '#completions/*' {
  const text: string;
  export default text;
}
