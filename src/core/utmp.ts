/* Lives in core so source/users.ts (which may import only core) can use it; parsers/utmp.ts re-exports it. */
/** Size of one glibc `struct utmp` record on Linux (x86-64, aarch64 and the other 64-bit ABIs), bytes. */
export const UTMP_RECORD_SIZE = 384;
/** ut_type of a logged-in user's session. */
export const USER_PROCESS = 7;

/**
 * Count logged-in users in the bytes of /var/run/utmp (utmp(5)), as top and uptime do: records whose
 * ut_type (int16 at offset 0) is USER_PROCESS and whose ut_user (32 bytes at offset 44) is not empty.
 * A trailing partial record is ignored.
 */
export function countUtmpUsers(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let users = 0;
  for (let off = 0; off + UTMP_RECORD_SIZE <= bytes.byteLength; off += UTMP_RECORD_SIZE) {
    if (view.getInt16(off, true) === USER_PROCESS && bytes[off + 44] !== 0) users++;
  }
  return users;
}
