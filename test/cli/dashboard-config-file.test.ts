import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configPath, readConfigFile, writeConfigFile } from '../../src/cli/dashboard/config-file.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysmon-config-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('dashboard config file', () => {
  it('lives in the XDG config dir, else ~/.config', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/x/conf', HOME: '/home/a' })).toBe('/x/conf/sysmon/config.json');
    expect(configPath({ HOME: '/home/a' })).toBe('/home/a/.config/sysmon/config.json');
    expect(configPath({ XDG_CONFIG_HOME: 'relative', HOME: '/home/a' })).toBe('/home/a/.config/sysmon/config.json');
  });
  it('reads nothing when there is no file, a problem when it is not JSON', () => {
    expect(readConfigFile(path.join(dir, 'none.json'))).toBeNull();
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{ nope');
    expect(readConfigFile(bad)).toMatchObject({ problem: expect.stringMatching(/is not valid JSON/) });
  });
  it('writes (creating the directory) and reads back', () => {
    const file = path.join(dir, 'deep', 'sysmon', 'config.json');
    expect(writeConfigFile(file, { version: 1, delay: 2 })).toBe(file);
    expect(readConfigFile(file)).toEqual({ json: { version: 1, delay: 2 } });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['config.json']);
  });
  it('fails with one short line when the directory cannot be made', () => {
    const blocker = path.join(dir, 'file');
    fs.writeFileSync(blocker, '');
    expect(() => writeConfigFile(path.join(blocker, 'sysmon', 'config.json'), {})).toThrow(/^cannot write .*: (ENOTDIR|EEXIST)$/);
  });
});
