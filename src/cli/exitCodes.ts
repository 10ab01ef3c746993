/** Exit codes of the `spinode` command (DESIGN.md section 4.1). */
export const EXIT_OK = 0;
export const EXIT_RUNTIME_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERRUPTED = 130;
