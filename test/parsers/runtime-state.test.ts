import { describe, expect, it } from 'vitest';
import {
  parseDockerConfigV2,
  parseKubeletContainerLog,
  parseKubeletPodDir,
  parsePodmanContainersJson,
} from '../../src/parsers/runtime-state.js';

const ID = 'a5bfff1def072b80199bb77d9b589b2a7944b9daf8bdd825f0d63ce1aec20f0e';

describe('runtime state parsers', () => {
  it("podman's containers.json: id -> first name; junk gives nothing", () => {
    const text = JSON.stringify([
      { id: ID, names: ['web', 'alias'], image: 'x', metadata: '{}' },
      { id: 'b'.repeat(64), names: [] },
      { names: ['no-id'] },
      'junk',
    ]);
    expect([...parsePodmanContainersJson(text)]).toEqual([[ID, 'web']]);
    expect(parsePodmanContainersJson('{not json').size).toBe(0);
    expect(parsePodmanContainersJson('{}').size).toBe(0);
  });

  it("docker's config.v2.json: name without the slash, Kubernetes labels of dockershim containers", () => {
    expect(parseDockerConfigV2(JSON.stringify({ Name: '/web', Config: { Labels: {} } }))).toMatchObject({ name: 'web', podName: null });
    const k = parseDockerConfigV2(JSON.stringify({
      Name: '/k8s_app_api_shop_uid_0',
      Config: { Labels: { 'io.kubernetes.pod.name': 'api', 'io.kubernetes.pod.namespace': 'shop', 'io.kubernetes.pod.uid': 'u', 'io.kubernetes.container.name': 'app' } },
    }));
    expect(k).toMatchObject({ podName: 'api', podNamespace: 'shop', podUid: 'u', kubeContainer: 'app' });
    expect(parseDockerConfigV2('')).toBeNull();
    expect(parseDockerConfigV2('null')).toBeNull();
  });

  it('kubelet pod log directories and container log links', () => {
    expect(parseKubeletPodDir('kube-system_coredns-5d78c9869d-abcde_5f3a1c2e-9b7d-4e21-8c3f-0a1b2c3d4e5f'))
      .toEqual({ namespace: 'kube-system', pod: 'coredns-5d78c9869d-abcde', uid: '5f3a1c2e-9b7d-4e21-8c3f-0a1b2c3d4e5f' });
    expect(parseKubeletPodDir('not_a_pod')).toBeNull();
    expect(parseKubeletPodDir('a_b_c_d')).toBeNull();
    expect(parseKubeletContainerLog(`api-7d9f_shop_app-server-${ID}.log`))
      .toEqual({ pod: 'api-7d9f', namespace: 'shop', container: 'app-server', id: ID });
    expect(parseKubeletContainerLog('api_shop_app.log')).toBeNull();
  });
});
