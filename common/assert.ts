/** Ends a switch over a finite set: the compiler proves every case is handled. */
export function assertUnreachable(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}
