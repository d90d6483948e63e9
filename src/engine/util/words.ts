/** "1 entry", "2 entries": a count with its noun in the right number. */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The verb form that agrees with n: remains / remain. */
export function agree(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}
