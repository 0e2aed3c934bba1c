/**
 * Text that came from elsewhere (Prometheus labels: instance names, process names, mount points) made safe
 * for a terminal: C0 controls, DEL and the C1 range (0x80-0x9f, which some terminals read as CSI) become '?',
 * so no label can move the cursor, change the title or hide text.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x1f\x7f-\x9f]/.test(text) ? text.replace(/[\x00-\x1f\x7f-\x9f]/g, '?') : text;
}
