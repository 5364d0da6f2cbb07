/** Logger the client writes to; main.ts binds it to core.debug/info/warning, tests to an array. */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warning(message: string): void
}

/** A logger that drops everything (the default for library use). */
export const silentLogger: Logger = Object.freeze({ debug() {}, info() {}, warning() {} })
