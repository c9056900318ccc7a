/** The signals a person (Ctrl-C) or a supervisor (kill, CI cancel) sends to stop a command. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Exit code of a command stopped by SIGINT or SIGTERM (128 + 2, the shell's convention that sf uses too). */
export const EXIT_INTERRUPTED = 130;

/** The run was stopped by a signal; where it stopped decides what the command says. */
export class InterruptedError extends Error {
  public constructor() {
    super('Interrupted.');
    this.name = 'InterruptedError';
  }
}

export type Interrupt = {
  /** Aborted at the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** Gives the signals back to the handlers that held them before. */
  dispose(): void;
};

/**
 * Takes SIGINT and SIGTERM over from sf-plugins-core, whose handler throws oclif's EEXIT 130 from inside the signal
 * listener (an uncaught stack trace, exit 1). The first signal aborts `signal`, so the flow stops where it can say what
 * goes on; a second one exits 130 at once, after `onForcedExit` said what was cut short.
 */
export function takeOverInterrupts(onForcedExit: () => void = () => undefined): Interrupt {
  const controller = new AbortController();
  const saved = new Map(STOP_SIGNALS.map((name) => [name, process.listeners(name)]));
  const listener = (): void => {
    if (!controller.signal.aborted) return controller.abort(new InterruptedError());
    onForcedExit();
    process.exit(EXIT_INTERRUPTED);
  };
  for (const name of STOP_SIGNALS) {
    process.removeAllListeners(name);
    process.on(name, listener);
  }
  return {
    signal: controller.signal,
    dispose() {
      for (const name of STOP_SIGNALS) {
        process.removeListener(name, listener);
        for (const previous of saved.get(name) ?? []) process.on(name, previous as () => void);
      }
    },
  };
}

/** Settles like `work`, or rejects with InterruptedError as soon as `signal` aborts (the work itself is left behind). */
export function unlessInterrupted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new InterruptedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new InterruptedError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: Error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      }
    );
  });
}

export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError();
}
