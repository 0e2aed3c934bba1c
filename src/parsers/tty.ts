/** tty_nr (field 7 of /proc/PID/stat) -> terminal name. Implemented in core so fields/ may use it too. */
export { ttyName } from '../core/tty.js';
