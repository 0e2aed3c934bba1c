import { describe, expect, it } from 'vitest';
import { parseCgroupAttribution, parseCgroupPath, resolveContainer, unescapeSystemd } from '../../src/parsers/cgroup-path.js';
import { parseProcPidCgroup } from '../../src/parsers/proc-pid-cgroup.js';

const ID = 'a5bfff1def072b80199bb77d9b589b2a7944b9daf8bdd825f0d63ce1aec20f0e';
const ID2 = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const UID = '5f3a1c2e-9b7d-4e21-8c3f-0a1b2c3d4e5f';
const UID_ = UID.replace(/-/g, '_');

/** [path, runtime, container id, pod uid, qos, unit, helper] */
const CASES: [string, string | null, string | null, string | null, string | null, string | null, string | null][] = [
  // docker: systemd and cgroupfs drivers
  [`/system.slice/docker-${ID}.scope`, 'docker', ID, null, null, `docker-${ID}.scope`, null],
  [`/docker/${ID}`, 'docker', ID, null, null, null, null],
  // docker in docker: the innermost container wins
  [`/docker/${ID2}/docker/${ID}`, 'docker', ID, null, null, null, null],
  // podman: systemd, cgroupfs (libpod_parent), conmon both ways, a container running systemd inside
  [`/machine.slice/libpod-${ID}.scope`, 'podman', ID, null, null, `libpod-${ID}.scope`, null],
  [`/libpod_parent/libpod-${ID}`, 'podman', ID, null, null, null, null],
  [`/machine.slice/libpod-${ID}.scope/container`, 'podman', ID, null, null, `libpod-${ID}.scope`, null],
  [`/machine.slice/libpod-conmon-${ID}.scope`, 'podman', ID, null, null, `libpod-conmon-${ID}.scope`, 'conmon'],
  ['/libpod_parent/conmon', 'podman', null, null, null, null, 'conmon'],
  [`/machine.slice/machine-libpod_pod_${ID2}.slice/libpod-${ID}.scope`, 'podman', ID, ID2, null, `libpod-${ID}.scope`, null],
  // containerd (CRI) and cri-o with the systemd driver, in Kubernetes pods of each QoS class
  [`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice/cri-containerd-${ID}.scope`,
    'containerd', ID, UID, 'burstable', `cri-containerd-${ID}.scope`, null],
  [`/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${UID_}.slice/crio-${ID}.scope`,
    'cri-o', ID, UID, 'besteffort', `crio-${ID}.scope`, null],
  [`/kubepods.slice/kubepods-pod${UID_}.slice/crio-conmon-${ID}.scope`, 'cri-o', ID, UID, 'guaranteed', `crio-conmon-${ID}.scope`, 'conmon'],
  [`/kubepods.slice/kubepods-pod${UID_}.slice/cri-containerd-${ID}.scope`, 'containerd', ID, UID, 'guaranteed', `cri-containerd-${ID}.scope`, null],
  // Kubernetes with the cgroupfs driver: the runtime is not in the path
  [`/kubepods/burstable/pod${UID}/${ID}`, 'cri', ID, UID, 'burstable', null, null],
  [`/kubepods/besteffort/pod${UID}/${ID}`, 'cri', ID, UID, 'besteffort', null, null],
  [`/kubepods/pod${UID}/${ID}`, 'cri', ID, UID, 'guaranteed', null, null],
  [`/kubepods/burstable/pod${UID}/crio-${ID}`, 'cri-o', ID, UID, 'burstable', null, null],
  // the pod cgroup itself, and the QoS level above it: a pod, no container
  [`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice`, null, null, UID, 'burstable', null, null],
  ['/kubepods.slice/kubepods-burstable.slice', null, null, null, null, null, null],
  // nested pods: a kind node (a docker container) running the kubelet
  [`/system.slice/docker-${ID2}.scope/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/` +
    `kubelet-kubepods-burstable-pod${UID_}.slice/cri-containerd-${ID}.scope`, 'containerd', ID, UID, 'burstable', `cri-containerd-${ID}.scope`, null],
  [`/docker/${ID2}/kubepods/besteffort/pod${UID}/${ID}`, 'cri', ID, UID, 'besteffort', null, null],
  // LXC 4+, its monitor, and LXC before 4
  ['/lxc.payload.web1', 'lxc', 'web1', null, null, null, null],
  ['/lxc.payload.web1/system.slice/nginx.service', 'lxc', 'web1', null, null, 'nginx.service', null],
  ['/lxc.monitor.web1', 'lxc', 'web1', null, null, null, 'monitor'],
  ['/lxc/web1', 'lxc', 'web1', null, null, null, null],
  // systemd-nspawn: the machine name comes escaped
  ['/machine.slice/machine-debian\\x2dbookworm.scope', 'nspawn', 'debian-bookworm', null, null, 'machine-debian\\x2dbookworm.scope', null],
  ['/machine.slice/machine-box.scope/payload/system.slice/cron.service', 'nspawn', 'box', null, null, 'cron.service', null],
  // plain systemd units and slices
  ['/system.slice/nginx.service', null, null, null, null, 'nginx.service', null],
  ['/user.slice/user-1000.slice/user@1000.service/app.slice/app-foo.scope', null, null, null, null, 'app-foo.scope', null],
  ['/user.slice/user-1000.slice/session-3.scope', null, null, null, null, 'session-3.scope', null],
  // odd ones: the root, an empty path, a non-container 64-hex name, a path with a colon
  ['/', null, null, null, null, null, null],
  ['', null, null, null, null, null, null],
  [`/${ID}`, null, null, null, null, null, null],
  ['/weird:name/x.service', null, null, null, null, 'x.service', null],
];

describe('parseCgroupPath', () => {
  for (const [path, runtime, id, pod, qos, unit, helper] of CASES) {
    it(path || '(empty)', () => {
      const a = parseCgroupPath(path);
      expect({ runtime: a.runtime, id: a.containerId, pod: a.podUid, qos: a.qos, unit: a.unit, helper: a.helper })
        .toEqual({ runtime, id, pod, qos, unit, helper });
      // A helper is never the container itself; a container's own path is a prefix of the process's path.
      if (helper !== null) expect(a.containerPath).toBeNull();
      else if (id !== null) expect(path.startsWith(a.containerPath!)).toBe(true);
    });
  }

  it('keeps the container and pod cgroup paths for stats', () => {
    const a = parseCgroupPath(`/kubepods/burstable/pod${UID}/${ID}`);
    expect(a.podPath).toBe(`/kubepods/burstable/pod${UID}`);
    expect(a.containerPath).toBe(`/kubepods/burstable/pod${UID}/${ID}`);
    expect(parseCgroupPath(`/machine.slice/libpod-${ID}.scope/container`).containerPath).toBe(`/machine.slice/libpod-${ID}.scope`);
    expect(parseCgroupPath('/user.slice/user-1000.slice').slice).toBe('user-1000.slice');
  });

  it('unescapes systemd names', () => {
    expect(unescapeSystemd('a\\x2db\\x20c')).toBe('a-b c');
  });
});

describe('parseCgroupAttribution: all lines of /proc/PID/cgroup', () => {
  it('cgroup v2: the single 0:: line', () => {
    const a = parseCgroupAttribution(parseProcPidCgroup(`0::/system.slice/docker-${ID}.scope\n`));
    expect(a.runtime).toBe('docker');
    expect(a.containerId).toBe(ID);
  });

  it('0::/ alone is nothing', () => {
    const a = parseCgroupAttribution(parseProcPidCgroup('0::/\n'));
    expect(a).toMatchObject({ path: '/', runtime: null, containerId: null, unit: null });
  });

  it('v1 with the cgroupfs driver, as podman on this kind of machine writes it (hybrid: 0:: too)', () => {
    const text = [
      `9:name=systemd:/libpod_parent/libpod-${ID}`, `8:pids:/libpod_parent/libpod-${ID}`,
      `4:memory:/libpod_parent/libpod-${ID}`, `1:cpu:/libpod_parent/libpod-${ID}`, `0::/libpod_parent/libpod-${ID}`, '',
    ].join('\n');
    const a = parseCgroupAttribution(parseProcPidCgroup(text));
    expect(a).toMatchObject({ runtime: 'podman', containerId: ID, path: `/libpod_parent/libpod-${ID}` });
  });

  it('hybrid where only some hierarchies place the process (a sandbox memory cgroup): the one that tells most wins', () => {
    const text = ['9:name=systemd:/', '8:pids:/', `4:memory:/kubepods/burstable/pod${UID}/${ID}`, '2:cpuacct:/', '0::/', ''].join('\n');
    const a = parseCgroupAttribution(parseProcPidCgroup(text));
    expect(a).toMatchObject({ runtime: 'cri', containerId: ID, podUid: UID });
  });

  it('v1 with the systemd driver: a unit from name=systemd when the controllers sit at the root', () => {
    const text = ['12:memory:/', '11:name=systemd:/system.slice/ssh.service', '3:cpu,cpuacct:/', ''].join('\n');
    expect(parseCgroupAttribution(parseProcPidCgroup(text)).unit).toBe('ssh.service');
  });

  it('empty controller lists on v1 ids, blank lines and junk do not break it', () => {
    const text = ['garbage', '', '5::/system.slice/foo.service', `3::/docker/${ID}`, ''].join('\n');
    const a = parseCgroupAttribution(parseProcPidCgroup(text));
    expect(a.containerId).toBe(ID);
    expect(parseCgroupAttribution([])).toMatchObject({ path: '/', containerId: null });
  });
});

describe('resolveContainer', () => {
  const names = {
    containers: new Map([[ID, 'web']]),
    pods: new Map([[UID, { name: 'api-7d9f', namespace: 'shop' }]]),
    kubeContainers: new Map([[ID2, 'sidecar']]),
  };

  it('names from runtime state, else the 12-character id', () => {
    expect(resolveContainer(parseCgroupPath(`/docker/${ID}`), names)).toMatchObject({ container: 'web', runtime: 'docker' });
    expect(resolveContainer(parseCgroupPath(`/docker/${ID}`), null)).toMatchObject({ container: ID.slice(0, 12), containerId: ID });
    const k = resolveContainer(parseCgroupPath(`/kubepods/burstable/pod${UID}/${ID2}`), names);
    expect(k).toMatchObject({ container: 'sidecar', pod: 'api-7d9f', namespace: 'shop', runtime: 'cri' });
    const unknownPod = resolveContainer(parseCgroupPath(`/kubepods/pod${UID}/${ID2}`), null);
    expect(unknownPod).toMatchObject({ pod: UID, namespace: null });
  });

  it('LXC and nspawn containers are their names; helpers are not inside the container', () => {
    expect(resolveContainer(parseCgroupPath('/lxc.payload.web1'), null).container).toBe('web1');
    expect(resolveContainer(parseCgroupPath('/libpod_parent/conmon'), null)).toMatchObject({ container: null, runtime: 'podman' });
  });

  it('unit, else slice', () => {
    expect(resolveContainer(parseCgroupPath('/system.slice/cron.service'), null).unit).toBe('cron.service');
    expect(resolveContainer(parseCgroupPath('/user.slice/user-1000.slice'), null).unit).toBe('user-1000.slice');
    expect(resolveContainer(parseCgroupPath('/'), null).unit).toBeNull();
  });
});
