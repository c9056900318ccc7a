import { spawn } from 'node:child_process';

type Spawner = typeof spawn;

/** The command that opens an URL in the default browser on this platform. */
export function browserCommand(url: string, platform: NodeJS.Platform): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // rundll32 takes the URL as one argument, where `cmd /c start` would read & and ^ in it as shell syntax.
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: [url] };
}

/**
 * Opens an http(s) URL in the browser, detached and silent; never throws and never waits. Other schemes are
 * refused: the URL comes from the server's answer. Returns whether an opener was started (not whether a browser
 * showed up).
 */
export function openBrowser(url: string, platform: NodeJS.Platform = process.platform, spawner: Spawner = spawn): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  const { command, args } = browserCommand(parsed.toString(), platform);
  try {
    const child = spawner(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
