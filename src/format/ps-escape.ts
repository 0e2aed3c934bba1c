import { cutToWidth, displayWidth } from './display-width.js';
import { escapeForTerminal } from './escape.js';

/*
 * Text from a process (names, command lines, environments, paths) as ps prints it: escaped by the procps rule
 * of ./escape.ts (C0, DEL, C1 such as 0x9b CSI, invalid UTF-8 -> `?`) and cut to the cells its column may
 * take, never inside a character (wide characters count two, as ./display-width.ts measures them).
 */

/** Display cells of text that is already escaped. */
export function textCells(s: string): number {
  return displayWidth(s);
}

/** Escape `text` and cut it to `maxCells` cells; returns the text and the cells it takes. */
export function escapeProcText(text: string, maxCells: number): { text: string; cells: number } {
  const e = escapeForTerminal(text);
  if (maxCells <= 0) return { text: '', cells: 0 };
  const cells = displayWidth(e);
  if (cells <= maxCells) return { text: e, cells };
  const t = cutToWidth(e, maxCells);
  return { text: t, cells: displayWidth(t) };
}
