// The one place where anything thrown becomes an Error; the original stays reachable as `cause`.

export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === 'string') return new Error(thrown);
  let description: string;
  try {
    description = JSON.stringify(thrown) ?? String(thrown);
  } catch {
    description = String(thrown);
  }
  return new Error(`Non-error thrown: ${description}`, { cause: thrown });
}

/** The `code` of a Node system error (ENOENT, EADDRINUSE …), if it has one. */
export function errorCode(thrown: unknown): string | undefined {
  if (typeof thrown === 'object' && thrown !== null && 'code' in thrown) {
    return typeof thrown.code === 'string' ? thrown.code : undefined;
  }
  return undefined;
}
