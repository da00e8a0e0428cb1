#!/bin/sh
# cni-bridge-add POD ADDRESS/PREFIX GATEWAY
#
# What the CNI "bridge" plugin (with host-local IPAM and isGateway: true) does when the kubelet asks it
# to ADD a pod to the network, by hand:
#   1. make sure the node's bridge cni0 exists, is up and carries the gateway address of the pod CIDR;
#   2. create the pod's network namespace (the kubelet's pause container normally owns it);
#   3. create a veth pair, plug the host end into cni0, move the other end into the pod as eth0;
#   4. address eth0, bring it up with lo, and route everything else via the gateway.
# The MTU is 1450 so that the same pods also fit inside a VXLAN overlay (flannel writes its MTU into
# the CNI config for the same reason).
set -e
if [ $# -ne 3 ]; then
  echo "usage: cni-bridge-add POD ADDRESS/PREFIX GATEWAY   (e.g. cni-bridge-add pod-a 10.244.1.2/24 10.244.1.1)" >&2
  exit 2
fi
pod=$1 addr=$2 gw=$3
prefix=${addr#*/}
[ "$prefix" != "$addr" ] || { echo "cni-bridge-add: give the address with its prefix, e.g. 10.244.1.2/24" >&2; exit 2; }
host_end="veth-$pod"
[ ${#host_end} -le 15 ] || { echo "cni-bridge-add: pod name too long for an interface name (veth-$pod)" >&2; exit 2; }

if ! ip link show cni0 >/dev/null 2>&1; then
  ip link add cni0 type bridge
  ip addr add "$gw/$prefix" dev cni0
fi
ip link set cni0 up

ip netns add "$pod"
ip link add "$host_end" mtu 1450 type veth peer name eth0 mtu 1450 netns "$pod"
ip link set "$host_end" master cni0 up
ip -n "$pod" addr add "$addr" dev eth0
ip -n "$pod" link set eth0 up
ip -n "$pod" link set lo up
ip -n "$pod" route add default via "$gw"
echo "pod $pod: eth0 $addr, default via $gw, host end $host_end in cni0"
