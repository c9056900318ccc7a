/** One argument as a POSIX shell reads it back: bare when safe, else single-quoted. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

/** A printed `sf` command line that runs as printed from the user's shell. */
export function sfCommand(words: readonly string[], args: readonly string[] = []): string {
  return ['sf', ...words, ...args.map(shellQuote)].join(' ');
}
