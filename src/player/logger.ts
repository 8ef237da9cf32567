/** Console logger of the player, silent unless the element's `debug` attribute is set. */

export interface Logger {
  debug(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
}

/**
 * Creates a logger whose lines start with `[cnx-player:label]`. `isEnabled`
 * is checked on every call, so toggling `debug` takes effect at once and a
 * disabled logger costs one function call.
 */
export function createLogger(label: string, isEnabled: () => boolean): Logger {
  const prefix = `[cnx-player:${label}]`;
  return {
    debug: (...data) => {
      if (isEnabled()) console.debug(prefix, ...data);
    },
    warn: (...data) => {
      if (isEnabled()) console.warn(prefix, ...data);
    },
    error: (...data) => {
      if (isEnabled()) console.error(prefix, ...data);
    },
  };
}
