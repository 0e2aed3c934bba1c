import fs from 'node:fs';
import path from 'node:path';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

// deploy/kubernetes/ checked offline: each manifest parses as YAML and validates against the Kubernetes
// OpenAPI schemas bundled in kubernetes-models (the Prometheus Operator's CRD schema for ServiceMonitor),
// then the properties the deployment relies on are checked one by one.

const dir = path.resolve(__dirname, '..', '..', 'deploy', 'kubernetes');

function load(file: string): Record<string, unknown> {
  const docs = parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'));
  expect(docs).toHaveLength(1);
  expect(docs[0]!.errors).toEqual([]);
  return docs[0]!.toJS() as Record<string, unknown>;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
describe('deploy/kubernetes', () => {
  const ds = load('daemonset.yaml') as any;
  const svc = load('service.yaml') as any;
  const sm = load('servicemonitor.yaml') as any;

  it('every file in the folder is one of the checked manifests', () => {
    expect(fs.readdirSync(dir).sort()).toEqual(['daemonset.yaml', 'service.yaml', 'servicemonitor.yaml']);
  });

  it('validate against the Kubernetes schemas', () => {
    expect(() => new DaemonSet(ds).validate()).not.toThrow();
    expect(() => new Service(svc).validate()).not.toThrow();
    expect(() => new ServiceMonitor(sm).validate()).not.toThrow();
  });

  it('the validator does refuse a wrong manifest (a string where the schema wants a boolean, a missing selector)', () => {
    const bad = structuredClone(ds);
    bad.spec.template.spec.hostPID = 'yes';
    expect(() => new DaemonSet(bad).validate()).toThrow(/hostPID must be boolean/);
    const noSel = structuredClone(ds);
    delete noSel.spec.selector;
    expect(() => new DaemonSet(noSel).validate()).toThrow(/selector/);
    const badPort = structuredClone(svc);
    badPort.spec.ports[0].port = 'ninety';
    expect(() => new Service(badPort).validate()).toThrow();
  });

  it('the DaemonSet: hostPID, read-only /proc, /sys and host root, non-root, no capabilities, requests and limits', () => {
    const pod = ds.spec.template.spec;
    expect(ds.spec.selector.matchLabels).toEqual(ds.spec.template.metadata.labels);
    expect(pod.hostPID).toBe(true);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers).toHaveLength(1);
    const c = pod.containers[0];
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ['ALL'] } });
    expect(c.securityContext.capabilities.add).toBeUndefined();
    for (const k of ['requests', 'limits']) {
      expect(c.resources[k].cpu).toBeTruthy();
      expect(c.resources[k].memory).toBeTruthy();
    }
    const mounts = new Map(c.volumeMounts.map((m: any) => [m.mountPath, m]));
    const volumes = new Map(pod.volumes.map((v: any) => [v.name, v]));
    for (const [mountPath, hostPath] of [['/host', '/'], ['/host/proc', '/proc'], ['/host/sys', '/sys']]) {
      const m = mounts.get(mountPath) as any;
      expect(m, mountPath).toBeDefined();
      expect(m.readOnly, mountPath).toBe(true);
      expect((volumes.get(m.name) as any).hostPath.path).toBe(hostPath);
    }
    expect(c.args).toContain('serve');
    expect(c.args).toContain('--root=/host');
    const listen = c.args.find((a: string) => a.startsWith('--listen='));
    expect(listen).toBe(`--listen=0.0.0.0:${c.ports[0].containerPort}`);
    expect(c.livenessProbe.httpGet.path).toBe('/healthz');
  });

  it('the Service selects the pods and the ServiceMonitor scrapes its named port', () => {
    expect(svc.spec.selector).toEqual(ds.spec.template.metadata.labels);
    expect(svc.spec.ports[0].targetPort).toBe(ds.spec.template.spec.containers[0].ports[0].name);
    expect(sm.spec.selector.matchLabels).toEqual(svc.metadata.labels);
    expect(sm.spec.namespaceSelector.matchNames).toEqual([svc.metadata.namespace]);
    expect(sm.spec.endpoints[0].port).toBe(svc.spec.ports[0].name);
    expect(sm.spec.endpoints[0].path).toBe('/metrics');
  });
});
