/** /proc/filesystems: the names of the file systems the running kernel has (the second column, after `nodev`). */
export function parseProcFilesystems(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const name = line.replace(/^\S*\s+/, '').split(/[\t ]/)[0]!;
    if (name !== '') names.push(name);
  }
  return names;
}

/** modules.dep: the file system modules it lists (kernel/fs/, not nls), by module name. */
export function parseModulesDepFilesystems(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('kernel/fs/') || line.startsWith('kernel/fs/nls/')) continue;
    const colon = line.indexOf(':');
    const file = line.slice(0, colon < 0 ? line.length : colon);
    const base = file.slice(file.lastIndexOf('/') + 1);
    const ko = base.indexOf('.ko');
    if (ko > 0) names.push(base.slice(0, ko));
  }
  return names;
}
