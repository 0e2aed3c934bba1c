/** /etc/passwd -> uid to name. Implemented in core so source/users.ts may use it too. */
export { parsePasswd } from '../core/passwd.js';
