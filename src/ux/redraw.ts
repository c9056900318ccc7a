/**
 * Whether progress may redraw its line in place, as oclif's spinner does: stderr is a terminal, not CI, a TERM that
 * moves the cursor, and not inside tmux. tmux (3.3 on, option scroll-on-clear, on by default) moves a screen erased
 * from its top-left corner into the scrollback; the spinner erases each frame with ESC[J from the start of its line,
 * so a spinner on a pane's first row leaves every frame in the history, one per line. There progress is line-based.
 */
export function canRedraw(env: NodeJS.ProcessEnv = process.env, stream: { isTTY?: boolean } = process.stderr): boolean {
  if (!stream.isTTY || env.CI || env.TMUX) return false;
  return !['dumb', 'emacs-color'].includes(env.TERM ?? '');
}
