/**
 * Text from the machine (DMI strings, os-release) on a terminal: control characters, C0, DEL and C1, become `?`,
 * as procps prints them, so a hostile firmware string cannot drive the terminal.
 */
export function terminalText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');
}
