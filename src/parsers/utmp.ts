/** utmp records -> logged-in user count. Implemented in core so source/users.ts may use it too. */
export { countUtmpUsers, USER_PROCESS, UTMP_RECORD_SIZE } from '../core/utmp.js';
