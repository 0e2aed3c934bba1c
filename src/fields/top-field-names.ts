// Kept apart from top-fields.ts (which loads the ps specifiers) so that top's option handling can name the
// fields without loading them.

/** The field names top -O prints (procps-ng 4.0.2), in its order. */
export const TOP_FIELD_NAMES: readonly string[] = ('PID PPID UID USER RUID RUSER SUID SUSER GID GROUP PGRP TTY ' +
  'TPGID SID PR NI nTH P %CPU TIME TIME+ %MEM VIRT SWAP RES CODE DATA SHR nMaj nMin nDRT S COMMAND WCHAN Flags ' +
  'CGROUPS SUPGIDS SUPGRPS TGID OOMa OOMs ENVIRON vMj vMn USED nsIPC nsMNT nsNET nsPID nsUSER nsUTS LXC RSan ' +
  'RSfd RSlk RSsh CGNAME NU LOGID EXE RSS PSS PSan PSfd PSsh USS ioR ioRop ioW ioWop AGID AGNI STARTED ELAPSED ' +
  '%CUU %CUC nsCGROUP nsTIME').split(' ');
