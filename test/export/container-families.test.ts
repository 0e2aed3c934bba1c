import { needComponent } from '../helpers/real-component.js';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ContainerCollector } from '../../src/collectors/container-collector.js';
import { renderMetrics } from '../../src/export/render.js';
import { ProcFs } from '../../src/source/proc-fs.js';
import { IDS, stateFiles, v2SystemdCgroups, writeCgroupFixture } from '../helpers/cgroup-fixture.js';
import { snapshot } from './fixture-sample.js';

const root = writeCgroupFixture(2, v2SystemdCgroups(), stateFiles());
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const containers = new ContainerCollector(new ProcFs(root)).collect();

function body(n: number): string {
  return renderMetrics({ snapshot: snapshot({ containers }), collectSeconds: 0.01, collections: 1 }, { top: 0, containers: n });
}

function series(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}{`));
}

describe('cAdvisor container families', () => {
  const text = body(100);

  it('use cAdvisor names, types and the id/name/pod/namespace labels', () => {
    expect(text).toMatch(/^# TYPE container_cpu_usage_seconds_total counter$/m);
    expect(text).toMatch(/^# TYPE container_memory_working_set_bytes gauge$/m);
    const id = `/system.slice/docker-${IDS.docker}.scope`;
    expect(series(text, 'container_memory_working_set_bytes')).toContain(`container_memory_working_set_bytes{id="${id}",name="web",pod="",namespace=""} 83886080`);
    expect(series(text, 'container_cpu_usage_seconds_total')).toContain(`container_cpu_usage_seconds_total{id="${id}",name="web",pod="",namespace=""} 5`);
    expect(series(text, 'container_spec_memory_limit_bytes')).toContain(`container_spec_memory_limit_bytes{id="${id}",name="web",pod="",namespace=""} 536870912`);
    expect(series(text, 'container_cpu_cfs_throttled_seconds_total')).toContain(`container_cpu_cfs_throttled_seconds_total{id="${id}",name="web",pod="",namespace=""} 0.2`);
    expect(series(text, 'container_processes')).toContain(`container_processes{id="${id}",name="web",pod="",namespace=""} 2`);
    const app = series(text, 'container_processes').find((l) => l.includes('name="app"'));
    expect(app).toMatch(/pod="api-7d9f",namespace="shop"\} 1$/);
    // No limit is 0, as cAdvisor reports it; pods are not containers.
    expect(series(text, 'container_spec_memory_limit_bytes').find((l) => l.includes('name="box"'))).toMatch(/ 0$/);
    expect(series(text, 'container_processes')).toHaveLength(8);
  });

  it('are bounded: the N largest working sets, and none with 0', () => {
    const two = series(body(2), 'container_memory_working_set_bytes');
    expect(two).toHaveLength(2);
    expect(two.map((l) => /name="([^"]+)"/.exec(l)![1]).sort()).toEqual(['box', 'web']);
    expect(body(0)).not.toMatch(/^container_/m);
    // Without the family in the snapshot there are no container families at all.
    expect(renderMetrics({ snapshot: snapshot(), collectSeconds: 0, collections: 1 }, { top: 0, containers: 10 })).not.toMatch(/container_/);
  });

  it('pass promtool check metrics where Prometheus is installed', (ctx) => {
    const which = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' });
    needComponent(ctx, which.status !== 0, 'promtool is not installed (.ci/run installs prometheus)');
    const r = spawnSync(which.stdout.trim(), ['check', 'metrics'], { input: text.split('\n').filter((l) => l.includes('container_')).join('\n') + '\n', encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
