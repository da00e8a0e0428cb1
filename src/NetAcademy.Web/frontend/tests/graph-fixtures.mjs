// Graph messages shaped as the server sends them (docs/graph-format.md), for the graph modules' tests.

export const node = id => ({ group: 'nodes', data: { id, type: 'node', label: id } });
export const netns = (nodeName, name) => ({
  group: 'nodes',
  data: { id: `${nodeName}/${name ?? ''}`, parent: nodeName, type: 'netns', label: name ?? 'root', node: nodeName, netns: name ?? null, root: name == null, routes: [] },
});
export const iface = (nodeName, ns, name, extra = {}) => ({
  group: 'nodes',
  data: {
    id: `${nodeName}/${ns ?? ''}/${name}`, parent: `${nodeName}/${ns ?? ''}`, type: 'interface', label: name, node: nodeName, netns: ns ?? null,
    name, ifindex: 1, kind: 'veth', rawKind: 'veth', operState: 'UP', up: true, flags: [], mtu: 1500, mac: null, addresses: [], master: null, ...extra,
  },
});
export const network = (name, subnet) => ({ group: 'nodes', data: { id: `net:${name}`, type: 'network', label: name, subnet } });
export const edge = (kind, source, target) => ({ group: 'edges', data: { id: `${kind}:${source}->${target}`, source, target, kind } });

/** The veth lab solved: two namespaces joined by a veth pair, the node's leg on the lan. */
export function vethLab() {
  return {
    format: 1,
    elements: [
      node('host1'),
      netns('host1'), netns('host1', 'blue'), netns('host1', 'red'),
      iface('host1', null, 'eth0', { kind: 'docker-eth', addresses: ['172.20.0.2/24'] }),
      iface('host1', null, 'lo', { kind: 'loopback', operState: 'UNKNOWN' }),
      iface('host1', 'blue', 'lo', { kind: 'loopback', up: false, operState: 'DOWN' }),
      iface('host1', 'blue', 'veth-blue', { addresses: ['10.0.0.2/24'] }),
      iface('host1', 'red', 'lo', { kind: 'loopback', up: false, operState: 'DOWN' }),
      iface('host1', 'red', 'veth-red', { addresses: ['10.0.0.1/24'] }),
      network('lan', '172.20.0.0/24'),
      edge('veth', 'host1/blue/veth-blue', 'host1/red/veth-red'),
      edge('session-network', 'host1//eth0', 'net:lan'),
    ],
    diagnostics: [],
  };
}
